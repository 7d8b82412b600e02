using FinanceMarket.ServiceDefaults.Idempotency;
using FinanceMarket.Matching.Model;
using FinanceMarket.Matching.Shelf;
using FinanceMarket.Matching.V1;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.ServiceDefaults.Storage;
using Grpc.Core;
using CatalogV1 = FinanceMarket.Catalog.V1;
using EnterprisesV1 = FinanceMarket.Enterprises.V1;

namespace FinanceMarket.Matching.Grpc;

// Financing needs: posting one (matched against the shelf as it is now), reading it again page by page, a
// product explained against it, an enterprise's recommendations and a product's reach.
internal sealed partial class MatchingService
{
    public override async Task<FinancingNeed> PostFinancingNeed(PostFinancingNeedRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var pageSize = ApplicationRules.ValidateNeed(request.Uscc, request.AmountFen, request.TermMonths, request.Purpose, request.PageSize);
        var uscc = UnifiedSocialCreditCode.Normalize(request.Uscc);
        RequireTheEnterprise(caller, uscc, "post financing needs");

        var credentials = ForwardedCredentials.From(context);
        var (_, snapshot) = await profiles.ReadAsync(uscc, credentials, context.CancellationToken);
        var (view, stale) = await shelf.CurrentAsync(credentials, context.CancellationToken);

        var lpr = Lpr;
        var asked = new FinancingRequest(request.AmountFen, request.TermMonths, request.CollateralAvailable);
        var summary = view.Index.Match(snapshot, asked, lpr, new MatchQuery(MatchQuery.MaxTop));
        var now = time.GetUtcNow();
        var need = Need.Posted(SortableId.NewId(time), uscc, snapshot, asked, request.Purpose, summary, lpr, stale, view.ConfirmedAt, now, StoredSize);
        var answer = MatchingMapping.ToProto(need, NeedPages.Read(need, view.Index, pageSize, null));
        answer.WithBankNames(market.KnownNames(MatchingMapping.BankIds(answer), context));
        IdempotentCall.Answer(answer);
        await store.AddNeedAsync(need, new NeedMatchedIntegrationEvent(
            need.NeedId, uscc, snapshot.RegionCode, snapshot.IndustryCode, snapshot.SizeClass.Wire(), need.AmountFen, need.TermMonths,
            summary.MatchCount, summary.ExcludedCount, Dates.Day(Transitions.ChinaDay(now))), context.CancellationToken);
        return answer;
    }

    public override async Task<FinancingNeed> GetFinancingNeed(GetFinancingNeedRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var violations = new Violations();
        MarketReads.RequireId(violations, request.NeedId, "needId");
        var pageSize = ServiceDefaults.Validation.Paging.PageSize(violations, request.PageSize);
        var after = RankedTokens.RankAfter(violations, request.PageToken);
        violations.ThrowIfAny();

        var need = await ReadableNeedAsync(caller, request.NeedId, context.CancellationToken);
        var index = NeedPages.ReadsShelf(need, pageSize, after)
            ? (await shelf.CurrentAsync(ForwardedCredentials.From(context), context.CancellationToken)).Shelf.Index
            : null;
        var answer = MatchingMapping.ToProto(need, NeedPages.Read(need, index, pageSize, after));
        return answer.WithBankNames(market.KnownNames(MatchingMapping.BankIds(answer), context));
    }

    public override async Task<NeedProductExplanation> ExplainNeedProduct(ExplainNeedProductRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var violations = new Violations();
        MarketReads.RequireId(violations, request.NeedId, "needId");
        MarketReads.RequireId(violations, request.ProductId, "productId");
        violations.ThrowIfAny();

        var need = await ReadableNeedAsync(caller, request.NeedId, context.CancellationToken);

        // As matching ranks it now, so the explanation agrees with the need's pages; a product this replica does not
        // have (delisted, or listed a moment ago and its event still on the way) is read from the catalog.
        if (shelfView.Find(request.ProductId) is { } shelved)
        {
            return Named(MatchingMapping.ToProto(need, shelved.Product, shelved.Version, listed: true, onShelf: true), context);
        }

        var product = await ResilientGrpcClients.ReadAsync("The catalog", () =>
            catalog.GetProductAsync(new CatalogV1.GetProductRequest { ProductId = request.ProductId }, ForwardedCredentials.From(context), cancellationToken: context.CancellationToken).ResponseAsync);
        var (current, version) = ShelfMapping.FromCatalog(product);
        return Named(MatchingMapping.ToProto(need, current, version, product.Status == CatalogV1.ProductStatus.Listed, onShelf: false), context);
    }

    private NeedProductExplanation Named(NeedProductExplanation explanation, ServerCallContext context)
    {
        explanation.BankName = market.KnownNames([explanation.BankId], context)(explanation.BankId);
        return explanation;
    }

    public override async Task<ListRecommendationsResponse> ListRecommendations(ListRecommendationsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var (uscc, pageSize, after) = ShelfPageOf(request.Uscc, request.PageSize, request.PageToken);
        if (!(caller.IsEnterprise && Same(caller.Subject, uscc)) && !caller.IsOfficial)
        {
            Caller.Deny($"Only enterprise {uscc} itself or an official of its region may read its recommendations.");
        }

        // The registry and the credit service check the official's region themselves, with the caller's own token.
        var credentials = ForwardedCredentials.From(context);
        var (_, profile) = await profiles.ReadAsync(uscc, credentials, context.CancellationToken);
        var (view, _) = await shelf.CurrentAsync(credentials, context.CancellationToken);
        var page = view.Index.Recommend(profile, pageSize, after);
        var response = MatchingMapping.ToProto(page, Lpr);
        var names = market.KnownNames(response.Products.Select(p => p.BankId), context);
        foreach (var product in response.Products)
        {
            product.BankName = names(product.BankId);
        }

        return response;
    }

    public override async Task<PreCreditEstimates> GetPreCredit(GetPreCreditRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var (uscc, pageSize, after) = ShelfPageOf(request.Uscc, request.PageSize, request.PageToken);
        if (!(caller.IsEnterprise && Same(caller.Subject, uscc)) && !caller.IsOfficial && !caller.IsBank)
        {
            Caller.Deny($"Only enterprise {uscc} itself, a bank under its consent or an official of its region may read its pre-credit estimates.");
        }

        var credentials = ForwardedCredentials.From(context);
        var (view, _) = await shelf.CurrentAsync(credentials, context.CancellationToken);
        var response = new PreCreditEstimates { Uscc = uscc };
        EnterpriseProfile profile;
        IReadOnlyList<ShelfProduct> shown;
        bool more;
        if (caller.IsBank)
        {
            // The credit service refuses a bank without a live consent (403, saying why) and logs the read; the
            // bank's own products are few (a bank lists at most the catalog's cap), so they are read off the shelf.
            var (facts, consentId) = await profiles.FactsWithConsentAsync(uscc, credentials, context.CancellationToken);
            response.ConsentId = consentId;
            profile = VerifiedProfiles.Merge(new EnterpriseProfile(string.Empty, string.Empty, string.Empty, SizeClass.Micro, TaxCreditRating.M, 0),
                new DeclaredFigures(string.Empty, 0, 0, 0), facts with { TaxCreditRating = null, InsuredEmployees = null });
            var own = view.Index.Products.Where(p => p.BankId == caller.Subject && p.PreCredit is not null).ToList();
            own.Sort(Scoring.ShelfOrder);
            var start = after is null ? 0 : own.FindIndex(p => Scoring.Compare(Scoring.ProductPoints(p), p.RateSpreadBp, p.ProductId, after.Points, after.RateSpreadBp, after.ProductId) > 0);
            var rest = start < 0 ? [] : own[start..];
            shown = rest.Take(pageSize).ToList();
            more = rest.Count > pageSize;
        }
        else
        {
            // The registry and the credit service check the enterprise itself or the official's region.
            (_, profile) = await profiles.ReadAsync(uscc, credentials, context.CancellationToken);
            var page = view.Index.Recommend(profile, pageSize, after, withPreCredit: true);
            (shown, more) = (page.Products, page.More);
        }

        response.TaxYear = profile.Basis?.TaxYear ?? 0;
        response.TaxPaidFen = profile.Basis?.TaxPaidFen ?? 0;
        response.InvoicedRevenueFen = profile.Basis?.InvoicedRevenueFen ?? 0;
        response.EnforcementRecordsInForce = profile.EnforcementRecordsInForce;
        response.Estimates.AddRange(shown.Select(p => MatchingMapping.ToProto(p.ProductId, p.BankId, p.Name, PreCredits.Estimate(p, profile)!)));
        var bankNames = market.KnownNames(response.Estimates.Select(e => e.BankId), context);
        foreach (var estimate in response.Estimates)
        {
            estimate.BankName = bankNames(estimate.BankId);
        }

        response.NextPageToken = RankedTokens.Token(more ? ShelfKey.Of(shown[^1]) : null);
        return response;
    }

    public override async Task<ProductReach> GetProductReach(GetProductReachRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var violations = new Violations();
        MarketReads.RequireId(violations, request.ProductId, "productId");
        violations.ThrowIfAny();
        if (!caller.IsBank || caller.Subject != request.BankId)
        {
            Caller.Deny($"Only bank {request.BankId} itself may read the reach of its products.");
        }

        var credentials = ForwardedCredentials.From(context);
        var product = await ResilientGrpcClients.ReadAsync("The catalog", () =>
            catalog.GetProductAsync(new CatalogV1.GetProductRequest { ProductId = request.ProductId }, credentials, cancellationToken: context.CancellationToken).ResponseAsync);
        if (product.BankId != request.BankId)
        {
            Caller.Deny($"Product {product.ProductId} belongs to another bank.");
        }

        var rules = product.Eligibility ?? new CatalogV1.Eligibility();
        var criteria = new EnterprisesV1.CountEnterprisesRequest
        {
            MinYearsInOperation = rules.MinYearsInOperation,
            MinTaxCreditRating = rules.MinTaxCreditRating,
        };
        criteria.SizeClasses.AddRange(rules.SizeClasses);
        criteria.IndustryCodes.AddRange(rules.IndustryCodes);
        criteria.RegionCodes.AddRange(rules.RegionCodes);
        var counts = await ResilientGrpcClients.ReadAsync("The enterprise registry", () =>
            enterprises.CountEnterprisesAsync(criteria, credentials, cancellationToken: context.CancellationToken).ResponseAsync);
        return new ProductReach { ProductId = product.ProductId, ProductVersion = product.Version, Enterprises = counts };
    }

    // An enterprise's list in the shelf's order: its credit code, the page size and where the page starts, checked.
    private static (string Uscc, int PageSize, ShelfKey? After) ShelfPageOf(string rawUscc, int requestedSize, string token)
    {
        var uscc = UnifiedSocialCreditCode.Normalize(rawUscc);
        var violations = new Violations();
        violations.Require(uscc.Length == UnifiedSocialCreditCode.Length, "uscc", Reasons.UsccLength, "must be an 18-character Unified Social Credit Code",
            ("length", UnifiedSocialCreditCode.Length), ("got", uscc.Length));
        var pageSize = ServiceDefaults.Validation.Paging.PageSize(violations, requestedSize);
        var after = RankedTokens.ShelfAfter(violations, token);
        violations.ThrowIfAny();
        return (uscc, pageSize, after);
    }

    private static int StoredSize(object document) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(document, document.GetType(), ServiceDefaults.Storage.StoreJson.Options).Length;

    private async Task<Need> ReadableNeedAsync(Caller caller, string needId, CancellationToken cancellationToken)
    {
        var need = await FindNeedAsync(needId, "needId", cancellationToken);
        if (!(caller.IsEnterprise && Same(caller.Subject, need.Uscc)) && !caller.Covers(need.Enterprise.RegionCode))
        {
            Caller.Deny("Only the enterprise itself or an official of its region may read a financing need.");
        }

        await reads.RecordReadAsync(caller, AuditActions.NeedRead, need.Enterprise.RegionCode, "financing-need/" + needId, null, time.GetUtcNow(), cancellationToken);
        return need;
    }

    private async Task<Need> FindNeedAsync(string needId, string field, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(needId, out _))
        {
            new Violations().NotAnId(field, "need").Throw();
        }

        return await store.FindNeedAsync(needId, cancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Financing need {needId} does not exist."));
    }
}
