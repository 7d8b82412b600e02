using System.Security.Cryptography;
using FinanceMarket.Credit.Model;
using FinanceMarket.Credit.V1;
using Grpc.Core;
using static FinanceMarket.Credit.Grpc.CreditMapping;
using Consent = FinanceMarket.Credit.Model.Consent;
using ProfileRead = FinanceMarket.Credit.Model.ProfileRead;

namespace FinanceMarket.Credit.Grpc;

// Who may do what with credit data. Providers (and officials) import within their region; the enterprise
// alone grants and revokes consents and reads its own data unlogged; a bank reads only under a live consent
// of its own; an official reads the profiles of the region for supervision. Every read by a bank or an
// official is logged with its event, in one write, before the data is answered.
internal sealed class CreditService(ICreditStore store, TimeProvider time) : V1.Credit.CreditBase
{
    public override async Task<ImportRecordsResponse> ImportRecords(ImportRecordsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var providerId = caller.Role switch
        {
            Roles.Provider => caller.Subject,
            Roles.Official => "official:" + caller.Subject,
            _ => throw new ForbiddenException("Only a data provider or an official imports credit data."),
        };
        var kind = Kind(request.Kind);
        ImportRules.ValidateBatch(request.BatchId, kind, (int)request.Kind, request.Records.Count);
        var inputs = request.Records.Select(ToInput).ToList();
        var plan = ImportRules.Plan(kind!.Value, inputs, ChinaTime.Today(time));
        var batch = new ImportBatch(providerId, caller.Region!, request.BatchId.Trim(), kind.Value, inputs, Hash(request), time.GetUtcNow());
        var (result, repeated) = await store.ImportAsync(batch, plan, r => Events(caller, r), context.CancellationToken);
        return CreditMapping.ToProto(result, repeated);
    }

    public override async Task<ListImportsResponse> ListImports(ListImportsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var (pageSize, after) = PageOf(request.PageSize, request.PageToken);
        var page = caller.IsProvider
            ? await store.ListImportsAsync(caller.Subject, null, pageSize, after, context.CancellationToken)
            : await store.ListImportsAsync(null, caller.RegionToRead(request.RegionCode, "read a region's credit data imports"), pageSize, after, context.CancellationToken);
        var response = new ListImportsResponse { NextPageToken = Paging.Token(page.LastKey) };
        response.Imports.AddRange(page.Items.Select(r => CreditMapping.ToProto(r, repeated: false, Violations.MaxReported)));
        return response;
    }

    public override async Task<V1.Consent> GrantConsent(GrantConsentRequest request, ServerCallContext context)
    {
        var uscc = CreditCode(request.Uscc);
        RequireEnterprise(Caller.From(context), uscc, "grant a consent to read its credit data");
        var consent = ConsentRules.Grant(uscc, request.BankId, Purpose(request.Purpose), (int)request.Purpose, request.ApplicationId, request.ExpiresOn,
            time.GetUtcNow(), ChinaTime.Today(time), SortableId.NewId(time));
        var declared = await store.DeclaredAsync(uscc, context.CancellationToken);
        var kept = await store.AddConsentAsync(consent, CreditEvents.Granted(consent, declared?.Name), context.CancellationToken);
        // An application's consent is one: granted again, it is the one granted before, unless that was revoked,
        // which is not undone (a bank that was told it may no longer read is not quietly let back in).
        if (kept.ConsentId != consent.ConsentId && kept.RevokedAt is { } revokedAt)
        {
            throw new ConflictException(
                $"The consent for application {kept.ApplicationId} ({kept.ConsentId}) was revoked at {Dates.Instant(revokedAt)}; grant a PRE_CREDIT consent to let the bank read again.");
        }

        return await ViewAsync(kept, context.CancellationToken);
    }

    public override async Task<ListConsentsResponse> ListConsents(ListConsentsRequest request, ServerCallContext context)
    {
        var uscc = CreditCode(request.Uscc);
        var caller = Caller.From(context);
        string? bankOnly = null;
        if (caller.IsBank)
        {
            bankOnly = caller.Subject;
        }
        else if (!IsEnterprise(caller, uscc))
        {
            await RequireOfficialOfAsync(caller, uscc, "read an enterprise's consents", context.CancellationToken);
        }

        var (pageSize, after) = PageOf(request.PageSize, request.PageToken);
        var page = await store.ListConsentsAsync(uscc, bankOnly, pageSize, after, context.CancellationToken);
        var response = new ListConsentsResponse { NextPageToken = Paging.Token(page.LastKey) };
        foreach (var consent in page.Items)
        {
            response.Consents.Add(await ViewAsync(consent, context.CancellationToken));
        }

        return response;
    }

    public override async Task<V1.Consent> RevokeConsent(RevokeConsentRequest request, ServerCallContext context)
    {
        var uscc = CreditCode(request.Uscc);
        RequireEnterprise(Caller.From(context), uscc, "revoke its consents");
        if (!Guid.TryParse(request.ConsentId, out _))
        {
            new Violations().NotAnId("consentId", "consent").Throw();
        }

        var consent = await store.FindConsentAsync(request.ConsentId, context.CancellationToken);
        if (consent is null || consent.Uscc != uscc)
        {
            throw new NotFoundException($"Consent {request.ConsentId} of enterprise {uscc} not found.");
        }

        if (consent.RevokedAt is null)
        {
            var revoked = consent with { RevokedAt = time.GetUtcNow() };
            var declared = await store.DeclaredAsync(uscc, context.CancellationToken);
            var announced = new CreditConsentRevokedIntegrationEvent(consent.ConsentId, uscc, consent.BankId, revoked.RevokedAt!.Value) { EnterpriseName = declared?.Name };
            // A second revocation at the same moment finds it revoked already: either way it is revoked.
            consent = await store.RevokeConsentAsync(revoked, announced, context.CancellationToken)
                ? revoked
                : await store.FindConsentAsync(request.ConsentId, context.CancellationToken) ?? revoked;
        }

        return await ViewAsync(consent, context.CancellationToken);
    }

    public override async Task<CreditProfile> GetCreditProfile(GetCreditProfileRequest request, ServerCallContext context)
    {
        var uscc = CreditCode(request.Uscc);
        var consent = await AuthorizeReadAsync(Caller.From(context), uscc, ProfileRead.WholeProfile, context.CancellationToken);
        var records = await store.RecordsOfAsync(uscc, context.CancellationToken);
        return CreditMapping.ToProto(CreditProfiles.Build(uscc, records, ChinaTime.Today(time)), consent?.ConsentId);
    }

    public override async Task<VerifiedFacts> GetVerifiedFacts(GetVerifiedFactsRequest request, ServerCallContext context)
    {
        var uscc = CreditCode(request.Uscc);
        var consent = await AuthorizeReadAsync(Caller.From(context), uscc, ProfileRead.VerifiedValues, context.CancellationToken);
        var records = await store.RecordsOfAsync(uscc, context.CancellationToken);
        return new VerifiedFacts
        {
            Uscc = uscc,
            Verified = CreditMapping.ToProto(CreditProfiles.Build(uscc, records, ChinaTime.Today(time)).Verified),
            ConsentId = consent?.ConsentId ?? string.Empty,
        };
    }

    public override async Task<ListProfileReadsResponse> ListProfileReads(ListProfileReadsRequest request, ServerCallContext context)
    {
        var uscc = CreditCode(request.Uscc);
        var caller = Caller.From(context);
        if (!IsEnterprise(caller, uscc))
        {
            await RequireOfficialOfAsync(caller, uscc, "read who read an enterprise's credit data", context.CancellationToken);
        }

        var (pageSize, after) = PageOf(request.PageSize, request.PageToken);
        var page = await store.ListReadsAsync(uscc, pageSize, after, context.CancellationToken);
        var response = new ListProfileReadsResponse { NextPageToken = Paging.Token(page.LastKey) };
        response.Reads.AddRange(page.Items.Select(CreditMapping.ToProto));
        return response;
    }

    public override async Task<ListDiscrepanciesResponse> ListDiscrepancies(ListDiscrepanciesRequest request, ServerCallContext context)
    {
        var region = Caller.From(context).RegionToRead(request.RegionCode, "read the discrepancies between declared values and credit data");
        var (pageSize, after) = PageOf(request.PageSize, request.PageToken);
        var page = await store.ListDiscrepanciesAsync(region, pageSize, after, context.CancellationToken);
        var response = new ListDiscrepanciesResponse { NextPageToken = Paging.Token(page.LastKey) };
        response.Discrepancies.AddRange(page.Items.Select(CreditMapping.ToProto));
        return response;
    }

    public override async Task<ListFlaggedRecordsResponse> ListFlaggedRecords(ListFlaggedRecordsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var region = caller.IsProvider ? null : caller.RegionToRead(request.RegionCode, "read flagged credit records");
        var (pageSize, after) = PageOf(request.PageSize, request.PageToken);
        var page = await store.ListFlaggedAsync(caller.IsProvider ? caller.Subject : null, region, pageSize, after, context.CancellationToken);
        var response = new ListFlaggedRecordsResponse { NextPageToken = Paging.Token(page.LastKey) };
        response.Records.AddRange(page.Items.Select(ToFlagged));
        return response;
    }

    // The enterprise reads its own without a log; a bank under its live consent, an official of the region,
    // each read logged (with its event) before anything is answered. Anyone else is refused.
    private async Task<Consent?> AuthorizeReadAsync(Caller caller, string uscc, string scope, CancellationToken cancellationToken)
    {
        if (IsEnterprise(caller, uscc))
        {
            return null;
        }

        Consent? consent = null;
        string readerName;
        if (caller.IsBank)
        {
            consent = ConsentRules.Access(caller.Subject, uscc, await store.ConsentsOfAsync(uscc, caller.Subject, cancellationToken), ChinaTime.Today(time));
            readerName = await store.BankNameAsync(caller.Subject, cancellationToken) ?? caller.Subject;
        }
        else
        {
            await RequireOfficialOfAsync(caller, uscc, "read an enterprise's credit data", cancellationToken);
            readerName = caller.Region!;
        }

        var read = new ProfileRead(SortableId.NewId(time), uscc, caller.Role, caller.Subject, readerName, scope, consent?.ConsentId, consent?.Purpose, time.GetUtcNow());
        await store.LogReadAsync(read, new CreditProfileReadIntegrationEvent(read.ReadId, uscc, read.ReaderRole, read.ReaderId, read.ReaderName, scope,
            read.ConsentId ?? string.Empty, read.ReadAt), cancellationToken);
        return consent;
    }

    private async Task RequireOfficialOfAsync(Caller caller, string uscc, string action, CancellationToken cancellationToken)
    {
        if (!caller.IsOfficial)
        {
            Caller.Deny($"Only the enterprise itself, a bank under its consent or an official of its region may {action}.");
        }

        var region = (await store.DeclaredAsync(uscc, cancellationToken))?.RegionCode ?? ImportRules.RegionOfCode(uscc);
        if (region is null || !caller.Covers(region))
        {
            Caller.Deny($"Enterprise {uscc} is outside this official's region {caller.Region}.");
        }
    }

    // The batch's event and, for an official's batch, its audit entry: data an official writes is believed over
    // what enterprises declared, so who wrote it is kept as for any other official's write.
    private static IReadOnlyList<IntegrationEvent> Events(Caller caller, ImportResult r)
    {
        var imported = new CreditDataImportedIntegrationEvent(
            r.BatchId, r.ProviderId, r.RegionCode, r.Kind.Wire(), r.Received, r.Accepted, r.Refused.Select(p => p.Index).Distinct().Count(), r.Flagged.Count, r.ImportedAt);
        return caller.IsOfficial
            ?
            [
                imported,
                AuditTrail.Entry(caller, AuditActions.CreditDataImported, r.RegionCode, $"credit-batch/{r.ProviderId}/{r.BatchId}", null,
                    new { kind = r.Kind.Wire(), r.Received, r.Accepted, r.Replaced, refused = imported.Refused, flagged = r.Flagged.Count }, null, r.ImportedAt),
            ]
            : [imported];
    }

    private static (int PageSize, string? After) PageOf(int pageSize, string pageToken)
    {
        var violations = new Violations();
        var page = Paging.Read(violations, pageSize, pageToken);
        violations.ThrowIfAny();
        return page;
    }

    private static bool IsEnterprise(Caller caller, string uscc) => caller.IsEnterprise && UnifiedSocialCreditCode.Normalize(caller.Subject) == uscc;

    private static void RequireEnterprise(Caller caller, string uscc, string action)
    {
        if (!IsEnterprise(caller, uscc))
        {
            Caller.Deny($"Only enterprise {uscc} itself may {action}.");
        }
    }

    private static string CreditCode(string raw)
    {
        var check = UnifiedSocialCreditCode.Check(raw);
        if (!check.IsValid)
        {
            Violations.Fail("uscc", check.ToProblem()!);
        }

        return check.Code;
    }

    private async Task<V1.Consent> ViewAsync(Consent consent, CancellationToken cancellationToken) =>
        CreditMapping.ToProto(consent, await store.BankNameAsync(consent.BankId, cancellationToken), ChinaTime.Today(time));

    // What makes a batch the same batch: its kind and its records, byte for byte.
    private static string Hash(ImportRecordsRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes((int)request.Kind));
        foreach (var record in request.Records)
        {
            var bytes = Google.Protobuf.MessageExtensions.ToByteArray(record);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
