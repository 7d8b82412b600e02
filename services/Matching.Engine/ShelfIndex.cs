using System.Buffers;
using System.Numerics;
using FinanceMarket.Domain;

namespace FinanceMarket.Matching.Engine;

// The shelf indexed for one need at a time. Every rule is a bitset over the products: size class, tax
// rating, years, collateral, enforcement records, industry and region (an OR over the prefixes of the enterprise's code), and
// amount and term (RangeIndex: each bound as a few levels of bitsets, exact after a short patch). A need
// combines them a word at a time, so the count of matches and the count left out by each rule come from
// popcounts, never from a product.
//
// Positions follow Scoring.ShelfOrder (the points a product earns whatever the need, best first), so the
// set bits of the matches are visited best-first by those points: once the best a later product could
// reach (its points + Scoring.MaxNeedPoints) ranks below the k-th match held, the search stops (a
// threshold algorithm). The nearest misses (one rule failed) are the first set bits of their bitset.
//
// Immutable, and cheap to change: With / Without share the built base and carry a bitset of the base
// products still listed plus the few products listed or changed since (Delta, tested one by one). The
// owner rebuilds (Build) once Pending grows; readers keep whichever version they hold.
public sealed class ShelfIndex
{
    private readonly Core _core;
    private readonly ulong[] _alive;
    private readonly int _aliveCount;
    private readonly ShelfProduct[] _delta;

    private ShelfIndex(Core core, ulong[] alive, int aliveCount, ShelfProduct[] delta)
    {
        _core = core;
        _alive = alive;
        _aliveCount = aliveCount;
        _delta = delta;
    }

    public int Count => _aliveCount + _delta.Length;

    // Changes held beside the base: products listed, changed or delisted since it was built.
    public int Pending => _delta.Length + (_core.Products.Length - _aliveCount);

    // Every listed product: the base's in shelf order, then those changed since.
    public IEnumerable<ShelfProduct> Products
    {
        get
        {
            for (var i = 0; i < _core.Products.Length; i++)
            {
                if (IsSet(_alive, i))
                {
                    yield return _core.Products[i];
                }
            }

            foreach (var product in _delta)
            {
                yield return product;
            }
        }
    }

    public static ShelfIndex Build(IEnumerable<ShelfProduct> products)
    {
        var core = new Core(products);
        var alive = new ulong[core.Words];
        for (var i = 0; i < core.Products.Length; i++)
        {
            alive[i >> 6] |= 1UL << i;
        }

        return new ShelfIndex(core, alive, core.Products.Length, []);
    }

    public ShelfProduct? Find(string productId)
    {
        foreach (var product in _delta)
        {
            if (product.ProductId == productId)
            {
                return product;
            }
        }

        return _core.Position.TryGetValue(productId, out var at) && IsSet(_alive, at) ? _core.Products[at] : null;
    }

    // The product listed, or its new terms: a copy of the liveness bitset and of the small delta.
    public ShelfIndex With(ShelfProduct product)
    {
        var (alive, count) = Retire(product.ProductId);
        return new ShelfIndex(_core, alive, count, [.. _delta.Where(p => p.ProductId != product.ProductId), product]);
    }

    public ShelfIndex Without(string productId)
    {
        var (alive, count) = Retire(productId);
        return new ShelfIndex(_core, alive, count, [.. _delta.Where(p => p.ProductId != productId)]);
    }

    public MatchSummary Match(EnterpriseProfile enterprise, FinancingRequest need, LoanPrimeRate lpr, MatchQuery query)
    {
        var core = _core;
        var words = core.Words;
        var scratch = ArrayPool<ulong>.Shared.Rent(Math.Max(1, words * 8));
        try
        {
            var (size, rating, years, collateral, enforcement) = NeedRules(enterprise, need, scratch);
            var industry = scratch.AsSpan(0, words);
            var region = scratch.AsSpan(words, words);
            var amountMin = scratch.AsSpan(2 * words, words);
            var amountMax = scratch.AsSpan(3 * words, words);
            var termMin = scratch.AsSpan(4 * words, words);
            var termMax = scratch.AsSpan(5 * words, words);
            var candidates = scratch.AsSpan(6 * words, words);
            var nearly = scratch.AsSpan(7 * words, words);

            Span<int> counts = stackalloc int[EligibilityRules.MaxRule + 1];
            var matchCount = 0;
            for (var w = 0; w < words; w++)
            {
                var alive = _alive[w];
                var all = alive;
                var one = 0UL;
                Step(size[w], alive, ref all, ref one, ref counts[(int)ReasonCode.SizeClass]);
                Step(industry[w], alive, ref all, ref one, ref counts[(int)ReasonCode.Industry]);
                Step(region[w], alive, ref all, ref one, ref counts[(int)ReasonCode.Region]);
                Step(years[w], alive, ref all, ref one, ref counts[(int)ReasonCode.YearsInOperation]);
                Step(rating[w], alive, ref all, ref one, ref counts[(int)ReasonCode.TaxRating]);
                Step(collateral[w], alive, ref all, ref one, ref counts[(int)ReasonCode.Collateral]);
                Step(enforcement[w], alive, ref all, ref one, ref counts[(int)ReasonCode.EnforcementRecord]);
                Step(amountMax[w], alive, ref all, ref one, ref counts[(int)ReasonCode.AmountAboveMaximum]);
                Step(amountMin[w], alive, ref all, ref one, ref counts[(int)ReasonCode.AmountBelowMinimum]);
                Step(termMax[w], alive, ref all, ref one, ref counts[(int)ReasonCode.TermAboveMaximum]);
                Step(termMin[w], alive, ref all, ref one, ref counts[(int)ReasonCode.TermBelowMinimum]);
                candidates[w] = all;
                nearly[w] = one;
                matchCount += BitOperations.PopCount(all);
            }

            var lprBp = lpr.For(need.TermMonths);
            var best = new Ranking(query.Top + 1, query.After, query.Shown);
            var misses = new List<ShelfProduct>(query.NearestMisses + 1);

            // The products changed since the base: few, each tested on its own.
            foreach (var product in _delta)
            {
                var mask = EligibilityRules.FailMask(product, enterprise, need);
                if (mask == 0)
                {
                    matchCount++;
                    best.Offer(Scoring.ProductPoints(product) + Scoring.NeedPoints(product, need), lprBp + product.RateSpreadBp, product);
                    continue;
                }

                for (var code = (int)ReasonCode.SizeClass; code < counts.Length; code++)
                {
                    counts[code] += (mask >> code) & 1;
                }

                if (BitOperations.PopCount((uint)mask) == 1)
                {
                    misses.Add(product);
                }
            }

            for (var w = 0; w < words; w++)
            {
                for (var bits = candidates[w]; bits != 0; bits &= bits - 1)
                {
                    var i = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    var points = core.Points[i];
                    if (best.IsFull && points + Scoring.MaxNeedPoints < best.WorstScore)
                    {
                        goto ranked;
                    }

                    var product = core.Products[i];
                    best.Offer(points + Scoring.NeedPoints(product, need), lprBp + product.RateSpreadBp, product);
                }
            }

        ranked:
            var found = 0;
            for (var w = 0; w < words && found < query.NearestMisses; w++)
            {
                for (var bits = nearly[w]; bits != 0 && found < query.NearestMisses; bits &= bits - 1, found++)
                {
                    misses.Add(core.Products[(w << 6) + BitOperations.TrailingZeroCount(bits)]);
                }
            }

            misses.Sort(Scoring.ShelfOrder);
            var nearestCount = Math.Min(misses.Count, query.NearestMisses);
            var nearest = new List<Exclusion>(nearestCount);
            for (var i = 0; i < nearestCount; i++)
            {
                nearest.Add(new Exclusion(misses[i], EligibilityRules.Details(misses[i], enterprise, need)));
            }

            return new MatchSummary(matchCount, best.BestFirst(query.Top, need, lpr), best.Count > query.Top, Count - matchCount, ReasonCount.From(counts), nearest);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratch);
        }
    }

    // Every listed product that fits the need (all its rules), by bank, each bank's best first by the points
    // that do not depend on the need, at most perBank of each: whom a broadcast need reaches. Its cost grows
    // with the products that fit, not with the shelf.
    public IReadOnlyDictionary<string, List<ShelfProduct>> FittingByBank(EnterpriseProfile enterprise, FinancingRequest need, int perBank)
    {
        var words = _core.Words;
        var scratch = ArrayPool<ulong>.Shared.Rent(Math.Max(1, words * 8));
        var byBank = new Dictionary<string, List<ShelfProduct>>(StringComparer.Ordinal);
        void Add(ShelfProduct product)
        {
            if (!byBank.TryGetValue(product.BankId, out var list))
            {
                byBank[product.BankId] = list = [];
            }

            list.Add(product);
        }

        try
        {
            var (size, rating, years, collateral, enforcement) = NeedRules(enterprise, need, scratch);
            for (var w = 0; w < words; w++)
            {
                var fits = _alive[w] & size[w] & years[w] & rating[w] & collateral[w] & enforcement[w];
                for (var rule = 0; rule < 6; rule++)
                {
                    fits &= scratch[(rule * words) + w];
                }

                for (; fits != 0; fits &= fits - 1)
                {
                    Add(_core.Products[(w << 6) + BitOperations.TrailingZeroCount(fits)]);
                }
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratch);
        }

        foreach (var product in _delta)
        {
            if (EligibilityRules.FailMask(product, enterprise, need) == 0)
            {
                Add(product);
            }
        }

        foreach (var list in byBank.Values)
        {
            list.Sort(Scoring.ShelfOrder);
            if (list.Count > perBank)
            {
                list.RemoveRange(perBank, list.Count - perBank);
            }
        }

        return byBank;
    }

    // Proactive matching: how many products an enterprise qualifies for on its rules alone (no need yet).
    public int CountEligible(EnterpriseProfile enterprise, bool collateralAvailable)
    {
        var scratch = ArrayPool<ulong>.Shared.Rent(Math.Max(1, _core.Words * 3));
        try
        {
            var count = Eligible(enterprise, collateralAvailable, scratch);
            foreach (var product in _delta)
            {
                count += EligibilityRules.QualifiesOnRules(product, enterprise, collateralAvailable) ? 1 : 0;
            }

            return count;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratch);
        }
    }

    // Recommendations: the products an enterprise qualifies for on its size, industry, region, years and
    // rating (collateral, amount and term wait for a need), best first by the points they earn whatever the
    // need, then the cheaper, then the id; a page after the cursor. The base's are its first set bits.
    // withPreCredit: only the products that declare a pre-credit formula.
    public Recommendations Recommend(EnterpriseProfile enterprise, int top, ShelfKey? after, bool withPreCredit = false)
    {
        var scratch = ArrayPool<ulong>.Shared.Rent(Math.Max(1, _core.Words * 3));
        try
        {
            var count = Eligible(enterprise, collateralAvailable: true, scratch, withPreCredit);
            var page = new List<ShelfProduct>(top + 1);
            for (var w = 0; w < _core.Words && page.Count <= top; w++)
            {
                for (var bits = scratch[w]; bits != 0 && page.Count <= top; bits &= bits - 1)
                {
                    var i = (w << 6) + BitOperations.TrailingZeroCount(bits);
                    if (after is null || RanksAfter(_core.Points[i], _core.Products[i], after))
                    {
                        page.Add(_core.Products[i]);
                    }
                }
            }

            foreach (var product in _delta)
            {
                if (EligibilityRules.QualifiesOnRules(product, enterprise, collateralAvailable: true) && (!withPreCredit || product.PreCredit is not null))
                {
                    count++;
                    if (after is null || RanksAfter(Scoring.ProductPoints(product), product, after))
                    {
                        page.Add(product);
                    }
                }
            }

            page.Sort(Scoring.ShelfOrder);
            var more = page.Count > top;
            return new Recommendations(count, more ? page[..top] : page, more);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratch);
        }
    }

    private static bool RanksAfter(int points, ShelfProduct product, ShelfKey after) =>
        Scoring.Compare(points, product.RateSpreadBp, product.ProductId, after.Points, after.RateSpreadBp, after.ProductId) > 0;

    // The base products the enterprise qualifies for, written into the first Words of scratch (which holds
    // three times Words); their count.
    private int Eligible(EnterpriseProfile enterprise, bool collateralAvailable, ulong[] scratch, bool withPreCredit = false)
    {
        var words = _core.Words;
        var industry = scratch.AsSpan(words, words);
        var region = scratch.AsSpan(2 * words, words);
        var (size, rating, years, collateral, enforcement) = EnterpriseRules(enterprise, collateralAvailable, industry, region);
        var formula = withPreCredit ? _core.WithPreCredit : _alive;
        var count = 0;
        for (var w = 0; w < words; w++)
        {
            scratch[w] = _alive[w] & size[w] & rating[w] & years[w] & collateral[w] & enforcement[w] & industry[w] & region[w] & formula[w];
            count += BitOperations.PopCount(scratch[w]);
        }

        return count;
    }

    // Every rule's bitset for one need: those of the enterprise alone are returned (stored), and six are
    // written into scratch, Words each in this order: industry, region, amount minimum and maximum, term
    // minimum and maximum.
    private (ulong[] Size, ulong[] Rating, ulong[] Years, ulong[] Collateral, ulong[] Enforcement) NeedRules(EnterpriseProfile enterprise, FinancingRequest need, ulong[] scratch)
    {
        var core = _core;
        var words = core.Words;
        var rules = EnterpriseRules(enterprise, need.CollateralAvailable, scratch.AsSpan(0, words), scratch.AsSpan(words, words));
        core.MinAmount.Admitted(need.AmountFen, scratch.AsSpan(2 * words, words));
        core.MaxAmount.Admitted(-need.AmountFen, scratch.AsSpan(3 * words, words));
        core.MinTerm.Admitted(need.TermMonths, scratch.AsSpan(4 * words, words));
        core.MaxTerm.Admitted(-need.TermMonths, scratch.AsSpan(5 * words, words));
        return rules;
    }

    // The rules that depend on the enterprise alone (and whether collateral is offered): the stored bitsets,
    // and the industry and region bitsets written into the spans given.
    private (ulong[] Size, ulong[] Rating, ulong[] Years, ulong[] Collateral, ulong[] Enforcement) EnterpriseRules(
        EnterpriseProfile enterprise, bool collateralAvailable, Span<ulong> industry, Span<ulong> region)
    {
        var core = _core;
        Core.Prefixed(core.ByIndustry, core.AnyIndustry, enterprise.IndustryCode, industry);
        Core.Prefixed(core.ByRegion, core.AnyRegion, enterprise.RegionCode, region);
        return (
            core.BySize[(int)enterprise.SizeClass],
            core.ByRating[(int)enterprise.TaxCreditRating],
            core.ByYears[Math.Clamp(enterprise.YearsInOperation, 0, core.ByYears.Length - 1)],
            collateralAvailable ? _alive : core.WithoutCollateral,
            enterprise.EnforcementRecordsInForce > 0 ? core.AdmittingEnforcementRecords : _alive);
    }

    // One rule for one word of products: those failing it are counted under its reason; "one" keeps the
    // products that have failed exactly one rule so far, "all" those that have failed none.
    private static void Step(ulong admits, ulong alive, ref ulong all, ref ulong one, ref int failed)
    {
        one = (one & admits) | (all & ~admits);
        all &= admits;
        failed += BitOperations.PopCount(alive & ~admits);
    }

    private static bool IsSet(ulong[] bits, int i) => (bits[i >> 6] & (1UL << i)) != 0;

    private (ulong[] Alive, int Count) Retire(string productId)
    {
        if (!_core.Position.TryGetValue(productId, out var at) || !IsSet(_alive, at))
        {
            return (_alive, _aliveCount);
        }

        var alive = (ulong[])_alive.Clone();
        alive[at >> 6] &= ~(1UL << at);
        return (alive, _aliveCount - 1);
    }

    // The best matches so far, at most `capacity`, in a heap with the worst at its root.
    private sealed class Ranking(int capacity, RankKey? after, IReadOnlySet<string>? shown)
    {
        private readonly (int Score, int Rate, ShelfProduct Product)[] _heap = new (int, int, ShelfProduct)[capacity];

        public int Count { get; private set; }

        public bool IsFull => Count == capacity;

        public int WorstScore => _heap[0].Score;

        public void Offer(int score, int rate, ShelfProduct product)
        {
            if ((after is not null && Scoring.Compare(score, rate, product.ProductId, after.Score, after.EstimatedRateBp, after.ProductId) <= 0)
                || shown?.Contains(product.ProductId) == true)
            {
                return;
            }

            var entry = (score, rate, product);
            if (Count < capacity)
            {
                _heap[Count] = entry;
                Up(Count++);
            }
            else if (RanksBefore(entry, _heap[0]))
            {
                _heap[0] = entry;
                Down(0);
            }
        }

        public List<Match> BestFirst(int top, FinancingRequest need, LoanPrimeRate lpr)
        {
            var held = _heap.AsSpan(0, Count).ToArray();
            Array.Sort(held, (a, b) => Scoring.Compare(a.Score, a.Rate, a.Product.ProductId, b.Score, b.Rate, b.Product.ProductId));
            var count = Math.Min(top, held.Length);
            var matches = new List<Match>(count);
            for (var i = 0; i < count; i++)
            {
                matches.Add(Scoring.Score(held[i].Product, need, lpr));
            }

            return matches;
        }

        private static bool RanksBefore((int Score, int Rate, ShelfProduct Product) a, (int Score, int Rate, ShelfProduct Product) b) =>
            Scoring.Compare(a.Score, a.Rate, a.Product.ProductId, b.Score, b.Rate, b.Product.ProductId) < 0;

        private void Up(int i)
        {
            while (i > 0)
            {
                var parent = (i - 1) / 2;
                if (!RanksBefore(_heap[parent], _heap[i]))
                {
                    return;
                }

                (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
                i = parent;
            }
        }

        private void Down(int i)
        {
            while (true)
            {
                var worst = i;
                var left = (2 * i) + 1;
                var right = left + 1;
                if (left < Count && RanksBefore(_heap[worst], _heap[left]))
                {
                    worst = left;
                }

                if (right < Count && RanksBefore(_heap[worst], _heap[right]))
                {
                    worst = right;
                }

                if (worst == i)
                {
                    return;
                }

                (_heap[worst], _heap[i]) = (_heap[i], _heap[worst]);
                i = worst;
            }
        }
    }

    // What one build computes, shared by every version With / Without make of it.
    private sealed class Core
    {
        public Core(IEnumerable<ShelfProduct> products)
        {
            var listed = products.ToArray();
            Array.Sort(listed, Scoring.ShelfOrder);
            Products = listed;
            Words = (listed.Length + 63) / 64;
            Points = Array.ConvertAll(listed, Scoring.ProductPoints);
            Position = new Dictionary<string, int>(listed.Length, StringComparer.Ordinal);
            for (var i = 0; i < listed.Length; i++)
            {
                Position[listed[i].ProductId] = i;
            }

            BySize = new ulong[Enum.GetValues<SizeClass>().Max(s => (int)s) + 1][];
            foreach (var size in Enum.GetValues<SizeClass>())
            {
                BySize[(int)size] = Where(p => p.Eligibility.SizeClasses.Count == 0 || p.Eligibility.SizeClasses.Contains(size));
            }

            ByRating = new ulong[Enum.GetValues<TaxCreditRating>().Max(r => (int)r) + 1][];
            foreach (var rating in Enum.GetValues<TaxCreditRating>())
            {
                ByRating[(int)rating] = Where(p => p.Eligibility.MinTaxCreditRating is not { } min || rating.MeetsMinimum(min));
            }

            var maxYears = listed.Length == 0 ? 0 : listed.Max(p => p.Eligibility.MinYearsInOperation);
            ByYears = new ulong[maxYears + 1][];
            for (var years = 0; years <= maxYears; years++)
            {
                ByYears[years] = Where(p => p.Eligibility.MinYearsInOperation <= years);
            }

            WithoutCollateral = Where(p => !p.Eligibility.CollateralRequired);
            AdmittingEnforcementRecords = Where(p => !p.Eligibility.ExcludeEnforcementRecords);
            WithPreCredit = Where(p => p.PreCredit is not null);
            AnyIndustry = Where(p => p.Eligibility.IndustryCodes.Count == 0);
            AnyRegion = Where(p => p.Eligibility.RegionCodes.Count == 0);
            for (var i = 0; i < listed.Length; i++)
            {
                foreach (var code in listed[i].Eligibility.IndustryCodes)
                {
                    Set(ByIndustry, code, i);
                }

                foreach (var code in listed[i].Eligibility.RegionCodes)
                {
                    Set(ByRegion, code, i);
                }
            }

            MinAmount = new RangeIndex(Array.ConvertAll(listed, p => p.MinAmountFen), Words);
            MaxAmount = new RangeIndex(Array.ConvertAll(listed, p => -p.MaxAmountFen), Words);
            MinTerm = new RangeIndex(Array.ConvertAll(listed, p => (long)p.MinTermMonths), Words);
            MaxTerm = new RangeIndex(Array.ConvertAll(listed, p => -(long)p.MaxTermMonths), Words);
        }

        public ShelfProduct[] Products { get; }

        public int Words { get; }

        public int[] Points { get; }

        public Dictionary<string, int> Position { get; }

        public ulong[][] BySize { get; }

        public ulong[][] ByRating { get; }

        public ulong[][] ByYears { get; }

        public ulong[] WithoutCollateral { get; }

        // The products that do not refuse an enterprise with a court enforcement record in force.
        public ulong[] AdmittingEnforcementRecords { get; }

        // The products that declare a pre-credit formula.
        public ulong[] WithPreCredit { get; }

        public ulong[] AnyIndustry { get; }

        public ulong[] AnyRegion { get; }

        public Dictionary<string, ulong[]> ByIndustry { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ulong[]> ByRegion { get; } = new(StringComparer.Ordinal);

        // "At least the minimum" is "minimum ≤ x"; "at most the maximum" is "-maximum ≤ -x".
        public RangeIndex MinAmount { get; }

        public RangeIndex MaxAmount { get; }

        public RangeIndex MinTerm { get; }

        public RangeIndex MaxTerm { get; }

        // Products with no restriction, or with a listed code that is a prefix of the enterprise's code.
        public static void Prefixed(Dictionary<string, ulong[]> byCode, ulong[] unrestricted, string code, Span<ulong> into)
        {
            unrestricted.AsSpan().CopyTo(into);
            var lookup = byCode.GetAlternateLookup<ReadOnlySpan<char>>();
            for (var length = 1; length <= code.Length; length++)
            {
                if (lookup.TryGetValue(code.AsSpan(0, length), out var bits))
                {
                    for (var w = 0; w < into.Length; w++)
                    {
                        into[w] |= bits[w];
                    }
                }
            }
        }

        private ulong[] Where(Func<ShelfProduct, bool> admits)
        {
            var bits = new ulong[Words];
            for (var i = 0; i < Products.Length; i++)
            {
                if (admits(Products[i]))
                {
                    bits[i >> 6] |= 1UL << i;
                }
            }

            return bits;
        }

        private void Set(Dictionary<string, ulong[]> byCode, string code, int index)
        {
            if (!byCode.TryGetValue(code, out var bits))
            {
                byCode[code] = bits = new ulong[Words];
            }

            bits[index >> 6] |= 1UL << index;
        }
    }

    // The products whose value is at most x, for any x: bitsets at up to MaxLevels values, taken evenly
    // along the sorted values, and the products between the level below x and x itself set one by one
    // (at most one level's share). With few distinct values (terms, round amounts) every value is a level.
    private sealed class RangeIndex
    {
        private const int MaxLevels = 128;
        private readonly long[] _sortedValues;
        private readonly int[] _sortedPositions;
        private readonly long[] _levels;
        private readonly int[] _levelEnds;
        private readonly ulong[][] _atOrBelow;

        public RangeIndex(long[] valueAt, int words)
        {
            _sortedPositions = new int[valueAt.Length];
            for (var i = 0; i < valueAt.Length; i++)
            {
                _sortedPositions[i] = i;
            }

            _sortedValues = (long[])valueAt.Clone();
            Array.Sort(_sortedValues, _sortedPositions);

            var step = Math.Max(1, (valueAt.Length + MaxLevels - 1) / MaxLevels);
            var levels = new List<long>();
            var ends = new List<int>();
            var bitsets = new List<ulong[]>();
            var current = new ulong[words];
            var next = 0;
            for (var s = step - 1; next < valueAt.Length; s = Math.Max(s + step, next + step - 1))
            {
                var value = _sortedValues[Math.Min(s, valueAt.Length - 1)];
                for (; next < valueAt.Length && _sortedValues[next] <= value; next++)
                {
                    current[_sortedPositions[next] >> 6] |= 1UL << _sortedPositions[next];
                }

                levels.Add(value);
                ends.Add(next);
                bitsets.Add((ulong[])current.Clone());
            }

            _levels = [.. levels];
            _levelEnds = [.. ends];
            _atOrBelow = [.. bitsets];
        }

        public void Admitted(long x, Span<ulong> into)
        {
            var level = Array.BinarySearch(_levels, x);
            level = level >= 0 ? level : ~level - 1;
            int start;
            if (level < 0)
            {
                into.Clear();
                start = 0;
            }
            else
            {
                _atOrBelow[level].AsSpan().CopyTo(into);
                start = _levelEnds[level];
            }

            for (var s = start; s < _sortedValues.Length && _sortedValues[s] <= x; s++)
            {
                into[_sortedPositions[s] >> 6] |= 1UL << _sortedPositions[s];
            }
        }
    }
}
