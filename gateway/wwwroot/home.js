// The entry page: the frame (navigation, language, who is signed in) and a door for each kind of user.
import { startFrame } from '/lib/layout.js';

startFrame({
  zh: {
    'h.title': '金融超市',
    'h.lead': '银行上架信贷产品，企业发布融资需求并获得匹配，银行审批放款，政府贴息，管理部门实时掌握融资对接情况。',
    'h.enterprise': '企业融资服务',
    'h.enterpriseText': '登记企业（统一社会信用代码即时校验），发布融资需求，查看匹配产品及理由、未匹配产品及原因，一键申请并授权征信查询，跟踪审批结果，申请贴息。支持手机。',
    'h.bank': '银行工作台',
    'h.bankText': '按答复时限处理申请，逾期标明；在产品额度与期限内批准或注明理由拒绝；查看本行业务数据；上架、修改、下架产品及其准入条件。',
    'h.official': '政府管理',
    'h.officialText': '添加合作银行，设立本地区贴息项目并跟踪预算，录入 LPR，审核并拨付贴息，核对统计与源数据。',
    'h.dashboard': '统计看板',
    'h.dashboardText': '本地区授信金额、对接笔数、申请与贴息，按银行、月份、行业分列，实时刷新。',
    'h.api': '接入平台',
    'h.rest': 'REST 接口：',
    'h.grpc': 'gRPC（h2c，网关的 gRPC 端口），契约见',
    'h.health': '就绪检查：',
    'h.shelf': '产品货架：',
  },
  en: {
    'h.title': 'Finance supermarket',
    'h.lead': 'Banks list credit products, enterprises post financing needs and are matched with them, banks decide, governments subsidise interest, and officials watch the totals.',
    'h.enterprise': 'Enterprises',
    'h.enterpriseText': 'Register (the credit code checked as typed), post a financing need, see the matching products with their reasons and the others with why not, apply in one click with consent, follow the decision, claim a subsidy. Phone first.',
    'h.bank': "Bank's desk",
    'h.bankText': 'Decide applications by their deadline, overdue ones marked; approve within the product\'s limits or reject with a reason; the bank\'s own figures; list, edit and delist products with their eligibility rules.',
    'h.official': 'Officials',
    'h.officialText': "Add partner banks, create the region's subsidy programmes and follow their budgets, record the LPR, approve and pay subsidy claims, reconcile the totals with their sources.",
    'h.dashboard': 'Dashboard',
    'h.dashboardText': "The region's credit granted, deals, applications and subsidies by bank, month and industry, refreshed live.",
    'h.api': 'Using the platform',
    'h.rest': 'REST:',
    'h.grpc': 'gRPC (h2c, the gateway\'s gRPC port), contracts in',
    'h.health': 'Readiness:',
    'h.shelf': 'The shelf:',
  },
});
