-- wrk script: each request posts a financing need for the enterprise the load run registered (ENTERPRISE,
-- its token in TOKEN), matched against the whole shelf.
function init(args)
  token = os.getenv("TOKEN")
  uscc = os.getenv("USCC")
  body = '{"uscc":"' .. uscc .. '","amountFen":50000000,"termMonths":12,"purpose":"load","collateralAvailable":false}'
end

function request()
  return wrk.format("POST", "/api/v1/financing-needs",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

dofile(os.getenv("BENCH_DIR") .. "/errors.lua")
