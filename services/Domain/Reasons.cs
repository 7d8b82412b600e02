namespace FinanceMarket.Domain;

// The reason codes of field violations (google.rpc.BadRequest.FieldViolation.reason), each with the values
// it carries in financemarket.common.v1.FieldViolationValues. A client writes its message from these in its
// own language; the English description says the same for a client that does not know the code. A code is
// never renamed once published; docs/api.md lists them all. Values of a field named ...Fen are fen, ...Bp
// basis points.
public static class Reasons
{
    // Text and form: no values unless named.
    public const string Required = "REQUIRED";
    public const string TooLong = "TOO_LONG";                        // max (characters)
    public const string ControlCharacters = "CONTROL_CHARACTERS";
    public const string HiddenCharacter = "HIDDEN_CHARACTER";        // codePoint ("U+202E"), position
    public const string OutOfRange = "OUT_OF_RANGE";                 // min, max, got
    public const string NotOneOf = "NOT_ONE_OF";                     // allowed ("A,B,M,C,D"), got (when given)
    public const string NotADate = "NOT_A_DATE";                     // got
    public const string DateOutOfRange = "DATE_OUT_OF_RANGE";        // min, max (YYYY-MM-DD), got
    public const string NotAMonth = "NOT_A_MONTH";                   // got
    public const string MonthOutOfRange = "MONTH_OUT_OF_RANGE";      // min, max (YYYY-MM), got
    public const string TooManyEntries = "TOO_MANY_ENTRIES";         // max
    public const string RepeatedEntry = "REPEATED_ENTRY";
    public const string MoreNotReported = "MORE_NOT_REPORTED";
    public const string NotAnId = "NOT_AN_ID";                       // kind (product, need, application, programme, claim, loan, consent, notification, step)
    public const string BadPageToken = "BAD_PAGE_TOKEN";
    public const string SameAsCurrent = "SAME_AS_CURRENT";
    public const string OneOfRequired = "ONE_OF_REQUIRED";           // fields ("principalFen,interestFen")
    public const string NotApplicable = "NOT_APPLICABLE";            // when (what the field goes with: "kind=EXPLICIT", "kind=A,B")

    // One field against another: the other field's name and, where known, its value.
    public const string BelowField = "BELOW_FIELD";                  // field, min
    public const string AboveField = "ABOVE_FIELD";                  // field, max, got
    public const string NotAfterField = "NOT_AFTER_FIELD";           // field, min (a date this one must follow)
    public const string SpanTooLong = "SPAN_TOO_LONG";               // field, maxDays
    public const string SumNot = "SUM_NOT";                          // expectedFen, gotFen or expectedBp, gotBp (named by their unit)

    // Codes of the domain.
    public const string UsccLength = "USCC_LENGTH";                  // length (18), got
    public const string UsccCharacter = "USCC_CHARACTER";            // position (1-based), character
    public const string UsccStructure = "USCC_STRUCTURE";            // position (1-based), character
    public const string UsccCheckCharacter = "USCC_CHECK_CHARACTER"; // expected, got
    public const string UsccRegion = "USCC_REGION";                  // region (characters 3-8, six digits naming no GB/T 2260 region)
    public const string IndustryCodeFormat = "INDUSTRY_CODE_FORMAT";
    public const string IndustrySection = "INDUSTRY_SECTION";        // section
    public const string IndustryDivision = "INDUSTRY_DIVISION";      // section, division, from, to
    public const string IndustryAmbiguous = "INDUSTRY_AMBIGUOUS";    // code, example
    public const string RegionCode = "REGION_CODE";                  // got
    public const string RegionPrefix = "REGION_PREFIX";              // got
    public const string RegionOutside = "REGION_OUTSIDE";            // region (the code it must lie within)
    public const string BankIdFormat = "BANK_ID_FORMAT";
    public const string ConsentRequired = "CONSENT_REQUIRED";

    // The loan a ledger entry is for is not in a state that takes it.
    public const string LoanNotDisbursed = "LOAN_NOT_DISBURSED";
    public const string LoanNothingOutstanding = "LOAN_NOTHING_OUTSTANDING";
    public const string LoanClosed = "LOAN_CLOSED";                  // status, since
    public const string LoanOverdue = "LOAN_OVERDUE";                // dueOn (the unpaid instalment's)
    public const string LoanIsRenewal = "LOAN_IS_RENEWAL";           // of (the loan it renewed)
    public const string LoanFullyDisbursed = "LOAN_FULLY_DISBURSED"; // grantedFen (all of it paid out already)
    public const string LoanStillOutstanding = "LOAN_STILL_OUTSTANDING"; // outstandingFen (to repay or write off first)
    public const string MoreThanOutstanding = "MORE_THAN_OUTSTANDING"; // outstanding, got (in the field's unit)

    // A day of the ledger against the loan's own dates.
    public const string DayInFuture = "DAY_IN_FUTURE";               // today
    public const string BeforeContractDate = "BEFORE_CONTRACT_DATE"; // contractDate (the loan's)
    public const string BeforeFirstDisbursement = "BEFORE_FIRST_DISBURSEMENT"; // firstDisbursedOn
    public const string BeforeLatestEntry = "BEFORE_LATEST_ENTRY";   // latestEntryOn (the ledger is kept in order)

    // A subsidy claim's period against the loan and the programme.
    public const string InterestNotAccrued = "INTEREST_NOT_ACCRUED"; // today, claimOn (the first day the period may be claimed)
    public const string BeyondLoanTerm = "BEYOND_LOAN_TERM";         // endsOn (the loan's term)
    public const string BeyondProgrammeMonths = "BEYOND_PROGRAMME_MONTHS"; // maxMonths, endsOn (the subsidy's)

    // The working calendar.
    public const string NotAWeekendDay = "NOT_A_WEEKEND_DAY";        // day
    public const string AlsoAHoliday = "ALSO_A_HOLIDAY";             // day
    public const string NotInYear = "NOT_IN_YEAR";                   // day, year

    // Outbound deliveries.
    public const string UrlFormat = "URL_FORMAT";                    // max
    public const string UrlNotHttps = "URL_NOT_HTTPS";
    public const string UrlCredentials = "URL_CREDENTIALS";
    public const string UrlPrivate = "URL_PRIVATE";
    public const string SecretFormat = "SECRET_FORMAT";              // min, max
    public const string PhoneFormat = "PHONE_FORMAT";

    // The request itself, before its fields.
    public const string JsonSyntax = "JSON_SYNTAX";                  // line, byte
    public const string JsonNotObject = "JSON_NOT_OBJECT";
    public const string JsonTrailing = "JSON_TRAILING";
    public const string JsonEncoding = "JSON_ENCODING";
    public const string UnknownField = "UNKNOWN_FIELD";
    public const string DuplicateField = "DUPLICATE_FIELD";
    public const string WrongType = "WRONG_TYPE";                    // expected, got
    public const string NotAnInteger = "NOT_AN_INTEGER";             // got
    public const string NotANumber = "NOT_A_NUMBER";                 // got
    public const string NotABoolean = "NOT_A_BOOLEAN";               // got
    public const string ContentType = "CONTENT_TYPE";
    public const string IdempotencyKey = "IDEMPOTENCY_KEY";          // max
}
