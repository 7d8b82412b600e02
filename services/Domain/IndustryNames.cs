namespace FinanceMarket.Domain;

// The names of GB/T 4754-2017's 20 sections and 97 divisions, in Chinese as the standard gives them and in
// English, for the pages' industry picker and for every answer that shows an industry code to a person.
public static class IndustryNames
{
    public sealed record Entry(string Code, string Name, string EnglishName);

    public static readonly IReadOnlyList<Entry> Sections =
    [
        new("A", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"),
        new("B", "采矿业", "Mining"),
        new("C", "制造业", "Manufacturing"),
        new("D", "电力、热力、燃气及水生产和供应业", "Electricity, heat, gas and water production and supply"),
        new("E", "建筑业", "Construction"),
        new("F", "批发和零售业", "Wholesale and retail trade"),
        new("G", "交通运输、仓储和邮政业", "Transport, storage and postal services"),
        new("H", "住宿和餐饮业", "Accommodation and catering"),
        new("I", "信息传输、软件和信息技术服务业", "Information transmission, software and IT services"),
        new("J", "金融业", "Finance"),
        new("K", "房地产业", "Real estate"),
        new("L", "租赁和商务服务业", "Leasing and business services"),
        new("M", "科学研究和技术服务业", "Scientific research and technical services"),
        new("N", "水利、环境和公共设施管理业", "Water conservancy, environment and public facilities management"),
        new("O", "居民服务、修理和其他服务业", "Resident services, repair and other services"),
        new("P", "教育", "Education"),
        new("Q", "卫生和社会工作", "Health and social work"),
        new("R", "文化、体育和娱乐业", "Culture, sports and entertainment"),
        new("S", "公共管理、社会保障和社会组织", "Public administration, social security and social organizations"),
        new("T", "国际组织", "International organizations"),
    ];

    // Each division under its section letter ("C36"), as codes are written on this platform.
    public static readonly IReadOnlyList<Entry> Divisions =
    [
        new("A01", "农业", "Farming"),
        new("A02", "林业", "Forestry"),
        new("A03", "畜牧业", "Animal husbandry"),
        new("A04", "渔业", "Fishery"),
        new("A05", "农、林、牧、渔专业及辅助性活动", "Support activities for agriculture, forestry, animal husbandry and fishery"),
        new("B06", "煤炭开采和洗选业", "Coal mining and washing"),
        new("B07", "石油和天然气开采业", "Oil and natural gas extraction"),
        new("B08", "黑色金属矿采选业", "Ferrous metal ore mining"),
        new("B09", "有色金属矿采选业", "Non-ferrous metal ore mining"),
        new("B10", "非金属矿采选业", "Non-metallic mineral mining"),
        new("B11", "开采专业及辅助性活动", "Mining support activities"),
        new("B12", "其他采矿业", "Other mining"),
        new("C13", "农副食品加工业", "Processing of food from agricultural products"),
        new("C14", "食品制造业", "Food manufacturing"),
        new("C15", "酒、饮料和精制茶制造业", "Liquor, beverages and refined tea"),
        new("C16", "烟草制品业", "Tobacco products"),
        new("C17", "纺织业", "Textiles"),
        new("C18", "纺织服装、服饰业", "Apparel and clothing accessories"),
        new("C19", "皮革、毛皮、羽毛及其制品和制鞋业", "Leather, fur, feathers and footwear"),
        new("C20", "木材加工和木、竹、藤、棕、草制品业", "Wood, bamboo, rattan, palm and straw products"),
        new("C21", "家具制造业", "Furniture"),
        new("C22", "造纸和纸制品业", "Paper and paper products"),
        new("C23", "印刷和记录媒介复制业", "Printing and reproduction of recorded media"),
        new("C24", "文教、工美、体育和娱乐用品制造业", "Stationery, arts and crafts, sports and entertainment goods"),
        new("C25", "石油、煤炭及其他燃料加工业", "Petroleum, coal and other fuel processing"),
        new("C26", "化学原料和化学制品制造业", "Chemical raw materials and chemical products"),
        new("C27", "医药制造业", "Pharmaceuticals"),
        new("C28", "化学纤维制造业", "Chemical fibres"),
        new("C29", "橡胶和塑料制品业", "Rubber and plastic products"),
        new("C30", "非金属矿物制品业", "Non-metallic mineral products"),
        new("C31", "黑色金属冶炼和压延加工业", "Smelting and pressing of ferrous metals"),
        new("C32", "有色金属冶炼和压延加工业", "Smelting and pressing of non-ferrous metals"),
        new("C33", "金属制品业", "Metal products"),
        new("C34", "通用设备制造业", "General-purpose machinery"),
        new("C35", "专用设备制造业", "Special-purpose machinery"),
        new("C36", "汽车制造业", "Motor vehicles"),
        new("C37", "铁路、船舶、航空航天和其他运输设备制造业", "Railway, ship, aerospace and other transport equipment"),
        new("C38", "电气机械和器材制造业", "Electrical machinery and equipment"),
        new("C39", "计算机、通信和其他电子设备制造业", "Computers, communication and other electronic equipment"),
        new("C40", "仪器仪表制造业", "Instruments and meters"),
        new("C41", "其他制造业", "Other manufacturing"),
        new("C42", "废弃资源综合利用业", "Recycling of waste resources"),
        new("C43", "金属制品、机械和设备修理业", "Repair of metal products, machinery and equipment"),
        new("D44", "电力、热力生产和供应业", "Electricity and heat production and supply"),
        new("D45", "燃气生产和供应业", "Gas production and supply"),
        new("D46", "水的生产和供应业", "Water production and supply"),
        new("E47", "房屋建筑业", "Building construction"),
        new("E48", "土木工程建筑业", "Civil engineering"),
        new("E49", "建筑安装业", "Building installation"),
        new("E50", "建筑装饰、装修和其他建筑业", "Building decoration, renovation and other construction"),
        new("F51", "批发业", "Wholesale trade"),
        new("F52", "零售业", "Retail trade"),
        new("G53", "铁路运输业", "Rail transport"),
        new("G54", "道路运输业", "Road transport"),
        new("G55", "水上运输业", "Water transport"),
        new("G56", "航空运输业", "Air transport"),
        new("G57", "管道运输业", "Pipeline transport"),
        new("G58", "多式联运和运输代理业", "Multimodal transport and freight forwarding"),
        new("G59", "装卸搬运和仓储业", "Loading, unloading and warehousing"),
        new("G60", "邮政业", "Postal services"),
        new("H61", "住宿业", "Accommodation"),
        new("H62", "餐饮业", "Catering"),
        new("I63", "电信、广播电视和卫星传输服务", "Telecommunications, broadcasting and satellite transmission"),
        new("I64", "互联网和相关服务", "Internet and related services"),
        new("I65", "软件和信息技术服务业", "Software and IT services"),
        new("J66", "货币金融服务", "Monetary and financial services"),
        new("J67", "资本市场服务", "Capital market services"),
        new("J68", "保险业", "Insurance"),
        new("J69", "其他金融业", "Other financial services"),
        new("K70", "房地产业", "Real estate"),
        new("L71", "租赁业", "Leasing"),
        new("L72", "商务服务业", "Business services"),
        new("M73", "研究和试验发展", "Research and experimental development"),
        new("M74", "专业技术服务业", "Professional technical services"),
        new("M75", "科技推广和应用服务业", "Technology promotion and application services"),
        new("N76", "水利管理业", "Water conservancy management"),
        new("N77", "生态保护和环境治理业", "Ecological protection and environmental management"),
        new("N78", "公共设施管理业", "Public facilities management"),
        new("N79", "土地管理业", "Land management"),
        new("O80", "居民服务业", "Resident services"),
        new("O81", "机动车、电子产品和日用产品修理业", "Repair of motor vehicles, electronics and household goods"),
        new("O82", "其他服务业", "Other services"),
        new("P83", "教育", "Education"),
        new("Q84", "卫生", "Health"),
        new("Q85", "社会工作", "Social work"),
        new("R86", "新闻和出版业", "News and publishing"),
        new("R87", "广播、电视、电影和录音制作业", "Radio, television, film and sound recording"),
        new("R88", "文化艺术业", "Culture and arts"),
        new("R89", "体育", "Sports"),
        new("R90", "娱乐业", "Entertainment"),
        new("S91", "中国共产党机关", "Organs of the Communist Party of China"),
        new("S92", "国家机构", "State organs"),
        new("S93", "人民政协、民主党派", "CPPCC and democratic parties"),
        new("S94", "社会保障", "Social security"),
        new("S95", "群众团体、社会团体和其他成员组织", "Mass organizations, social organizations and other membership organizations"),
        new("S96", "基层群众自治组织及其他组织", "Grassroots self-governing and other organizations"),
        new("T97", "国际组织", "International organizations"),
    ];

    private static readonly Dictionary<string, Entry> ByCode = Sections.Concat(Divisions).ToDictionary(e => e.Code, StringComparer.Ordinal);

    // The most specific name known for a code: its division's ("C3612" → 汽车制造业), else its section's; null
    // for a code that names neither.
    public static Entry? Of(string? code)
    {
        var normalized = IndustryCode.Normalize(code);
        return normalized.Length >= 3 && ByCode.TryGetValue(normalized[..3], out var division) ? division
            : normalized.Length >= 1 && ByCode.TryGetValue(normalized[..1], out var section) ? section
            : null;
    }
}
