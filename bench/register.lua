-- wrk script: each request registers a new enterprise with a valid, unique credit code (GB 32100-2015).
local alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
local weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
local threads = 0

local function check(first17)
  local sum = 0
  for i = 1, 17 do
    sum = sum + (alphabet:find(first17:sub(i, i), 1, true) - 1) * weights[i]
  end
  local value = (31 - sum % 31) % 31
  return alphabet:sub(value + 1, value + 1)
end

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  counter = 0
  token = os.getenv("TOKEN")
  run = os.getenv("RUN")
end

function request()
  counter = counter + 1
  -- Organisation code: the run's letter, this thread's digit, a 7-digit counter.
  local first17 = "91130903" .. run .. tid .. string.format("%07d", counter)
  local body = '{"uscc":"' .. first17 .. check(first17) .. '","name":"Load test works","industryCode":"C34",'
    .. '"regionCode":"130903","employees":45,"annualRevenueFen":1200000000,"totalAssetsFen":900000000,'
    .. '"establishedOn":"2015-06-01","taxCreditRating":"B"}'
  return wrk.format("POST", "/api/v1/enterprises",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

dofile(os.getenv("BENCH_DIR") .. "/errors.lua")
