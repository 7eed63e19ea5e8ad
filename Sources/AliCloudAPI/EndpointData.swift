// Facts from the official SDKs (endpoint maps and API versions), embedded so nothing is read at run time.

extension Product {
  /// Regions whose host differs from the product's rule, as the official SDK resolves them.
  static let endpointExceptions: [Product: [String: String]] = [
    .ecs: [
      "cn-hangzhou": "ecs-cn-hangzhou.aliyuncs.com", "cn-hangzhou-finance": "ecs.aliyuncs.com",
      "cn-shanghai-finance-1": "ecs-cn-hangzhou.aliyuncs.com", "cn-shenzhen-finance-1": "ecs-cn-hangzhou.aliyuncs.com",
    ],
    .vpc: [
      "cn-hangzhou": "vpc.aliyuncs.com", "cn-shanghai-finance-1": "vpc.aliyuncs.com",
      "cn-shenzhen-finance-1": "vpc.aliyuncs.com",
    ],
    .slb: [
      "ap-southeast-1": "slb.aliyuncs.com", "cn-beijing": "slb.aliyuncs.com", "cn-hangzhou": "slb.aliyuncs.com",
      "cn-hangzhou-finance": "slb.aliyuncs.com", "cn-hongkong": "slb.aliyuncs.com", "cn-qingdao": "slb.aliyuncs.com",
      "cn-shanghai": "slb.aliyuncs.com", "cn-shanghai-finance-1": "slb.aliyuncs.com", "cn-shenzhen": "slb.aliyuncs.com",
      "cn-shenzhen-finance-1": "slb.aliyuncs.com", "us-east-1": "slb.aliyuncs.com", "us-west-1": "slb.aliyuncs.com",
    ],
    .rds: [
      "ap-southeast-1": "rds.aliyuncs.com", "cn-beijing": "rds.aliyuncs.com",
      "cn-beijing-finance-1": "rds.aliyuncs.com", "cn-hangzhou": "rds.aliyuncs.com",
      "cn-hangzhou-finance": "rds-vpc.cn-hangzhou-finance.aliyuncs.com", "cn-heyuan": "rds.aliyuncs.com",
      "cn-hongkong": "rds.aliyuncs.com", "cn-qingdao": "rds.aliyuncs.com", "cn-shanghai": "rds.aliyuncs.com",
      "cn-shanghai-finance-1": "rds.aliyuncs.com", "cn-shenzhen": "rds.aliyuncs.com",
      "cn-shenzhen-finance-1": "rds.aliyuncs.com", "us-east-1": "rds.aliyuncs.com", "us-west-1": "rds.aliyuncs.com",
    ],
    .rkvstore: ["cn-hangzhou": "r-kvstore.aliyuncs.com", "cn-hangzhou-finance": "r-kvstore.aliyuncs.com"],
    .cbn: [:],
  ]

  /// Regions the official SDK lists for the product.
  static let knownRegions: [Product: Set<String>] = [
    .ecs: [
      "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
      "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "cn-beijing", "cn-beijing-finance-1", "cn-chengdu",
      "cn-fuzhou", "cn-guangzhou", "cn-hangzhou", "cn-hangzhou-finance", "cn-heyuan", "cn-heyuan-acdr-1", "cn-hongkong",
      "cn-huhehaote", "cn-nanjing", "cn-qingdao", "cn-shanghai", "cn-shanghai-finance-1", "cn-shenzhen",
      "cn-shenzhen-finance-1", "cn-wuhan-lr", "cn-wulanchabu", "cn-zhangjiakou", "cn-zhengzhou-jva", "cn-zhongwei",
      "eu-central-1", "eu-west-1", "me-central-1", "me-east-1", "na-south-1", "us-east-1", "us-southeast-1",
      "us-west-1",
    ],
    .vpc: [
      "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
      "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "cn-beijing", "cn-beijing-finance-1", "cn-chengdu",
      "cn-fuzhou", "cn-guangzhou", "cn-hangzhou", "cn-heyuan", "cn-heyuan-acdr-1", "cn-hongkong", "cn-huhehaote",
      "cn-nanjing", "cn-qingdao", "cn-shanghai", "cn-shanghai-finance-1", "cn-shenzhen", "cn-shenzhen-finance-1",
      "cn-wuhan-lr", "cn-wulanchabu", "cn-zhangjiakou", "cn-zhengzhou-jva", "eu-central-1", "eu-west-1", "me-central-1",
      "me-east-1", "na-south-1", "us-east-1", "us-west-1",
    ],
    .slb: [
      "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
      "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "cn-beijing", "cn-beijing-finance-1", "cn-chengdu",
      "cn-fuzhou", "cn-guangzhou", "cn-hangzhou", "cn-hangzhou-finance", "cn-heyuan", "cn-heyuan-acdr-1", "cn-hongkong",
      "cn-huhehaote", "cn-nanjing", "cn-qingdao", "cn-shanghai", "cn-shanghai-finance-1", "cn-shenzhen",
      "cn-shenzhen-finance-1", "cn-wuhan-lr", "cn-wulanchabu", "cn-zhangjiakou", "cn-zhengzhou-jva", "eu-central-1",
      "eu-west-1", "me-central-1", "me-east-1", "na-south-1", "us-east-1", "us-west-1",
    ],
    .rds: [
      "ap-northeast-1", "ap-southeast-1", "ap-southeast-3", "ap-southeast-5", "ap-southeast-6", "cn-beijing",
      "cn-beijing-finance-1", "cn-chengdu", "cn-guangzhou", "cn-hangzhou", "cn-hangzhou-finance", "cn-heyuan",
      "cn-hongkong", "cn-huhehaote", "cn-qingdao", "cn-shanghai", "cn-shanghai-finance-1", "cn-shenzhen",
      "cn-shenzhen-finance-1", "cn-wulanchabu", "cn-zhangjiakou", "eu-central-1", "eu-west-1", "me-east-1",
      "na-south-1", "us-east-1", "us-west-1",
    ],
    .rkvstore: [
      "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
      "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "cn-beijing", "cn-beijing-finance-1", "cn-chengdu",
      "cn-fuzhou", "cn-guangzhou", "cn-hangzhou", "cn-hangzhou-finance", "cn-heyuan", "cn-hongkong", "cn-huhehaote",
      "cn-nanjing", "cn-qingdao", "cn-shanghai", "cn-shanghai-finance-1", "cn-shenzhen", "cn-shenzhen-finance-1",
      "cn-wuhan-lr", "cn-wulanchabu", "cn-zhangjiakou", "cn-zhengzhou-jva", "eu-central-1", "eu-west-1", "me-central-1",
      "me-east-1", "na-south-1", "us-east-1", "us-southeast-1", "us-west-1",
    ],
    .cbn: [
      "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-5",
      "ap-southeast-6", "cn-beijing", "cn-beijing-finance-1", "cn-chengdu", "cn-guangzhou", "cn-hangzhou", "cn-heyuan",
      "cn-hongkong", "cn-huhehaote", "cn-north-2-gov-1", "cn-qingdao", "cn-shanghai", "cn-shanghai-finance-1",
      "cn-shenzhen", "cn-shenzhen-finance-1", "cn-wulanchabu", "cn-zhangjiakou", "eu-central-1", "eu-west-1",
      "me-central-1", "na-south-1", "us-east-1", "us-west-1",
    ],
  ]
}
