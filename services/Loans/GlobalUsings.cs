global using FinanceMarket.Domain;
global using FinanceMarket.IntegrationEvents;
global using FinanceMarket.ServiceDefaults.Security;
global using FinanceMarket.ServiceDefaults.Validation;
