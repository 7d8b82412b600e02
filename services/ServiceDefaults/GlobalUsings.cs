global using FinanceMarket.ServiceDefaults.Validation;
