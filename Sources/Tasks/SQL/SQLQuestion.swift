/// One text-to-SQL item: a short question and its gold query.
public struct SQLQuestion: Sendable, Hashable {
    /// Name of the template that produced it, e.g. `"ordersByCityYear"`.
    public var template: String
    /// The question as it appears after `Q: `, e.g. `"number of orders from Lyon in 2023"`.
    public var question: String
    public var goldSQL: String
    /// Whether row order is part of the answer (the gold query has ORDER BY).
    public var ordered: Bool

    public init(template: String, question: String, goldSQL: String) {
        self.template = template
        self.question = question
        self.goldSQL = goldSQL
        self.ordered = goldSQL.uppercased().contains("ORDER BY")
    }
}

/// The question templates and their parameter domains. Every (template, parameters) pair is one item;
/// `all` lists the whole item space (203 questions).
public enum SQLQuestionTemplates {
    public static let all: [SQLQuestion] = build()

    static func build() -> [SQLQuestion] {
        let db = BusinessDatabase.self
        let productNames = db.products.map(\.name)
        var items: [SQLQuestion] = []
        func add(_ template: String, _ question: String, _ sql: String) {
            items.append(SQLQuestion(template: template, question: question, goldSQL: sql))
        }
        for city in db.cities {
            add("customersInCity", "number of customers in \(city)", "SELECT COUNT(*) FROM customers WHERE city='\(city)'")
            add("customerNamesInCity", "names of customers in \(city)", "SELECT cname FROM customers WHERE city='\(city)'")
            add("ordersFromCity", "number of orders from \(city)",
                "SELECT COUNT(*) FROM orders JOIN customers USING(cid) WHERE city='\(city)'")
            for year in db.years {
                add("ordersByCityYear", "number of orders from \(city) in \(year)",
                    "SELECT COUNT(*) FROM orders JOIN customers USING(cid) WHERE city='\(city)' AND year=\(year)")
            }
        }
        for year in db.years {
            add("ordersInYear", "number of orders in \(year)", "SELECT COUNT(*) FROM orders WHERE year=\(year)")
            add("unitsInYear", "units sold in \(year)",
                "SELECT SUM(qty) FROM order_items JOIN orders USING(oid) WHERE year=\(year)")
            add("revenueInYear", "revenue in \(year)",
                "SELECT SUM(qty*price) FROM order_items JOIN orders USING(oid) JOIN products USING(pid) WHERE year=\(year)")
        }
        for category in db.categories {
            add("productsInCategory", "products in category \(category)",
                "SELECT pname FROM products WHERE category='\(category)'")
            add("priciestInCategory", "most expensive product in \(category)",
                "SELECT pname FROM products WHERE category='\(category)' ORDER BY price DESC LIMIT 1")
            add("averagePriceInCategory", "average price in \(category)",
                "SELECT AVG(price) FROM products WHERE category='\(category)'")
        }
        for threshold in db.priceThresholds {
            add("cheaperThan", "products cheaper than \(threshold)", "SELECT pname FROM products WHERE price<\(threshold)")
            add("pricierThan", "products over \(threshold)", "SELECT pname FROM products WHERE price>\(threshold)")
        }
        for product in productNames {
            add("unitsOfProduct", "units of \(product) sold",
                "SELECT SUM(qty) FROM order_items JOIN products USING(pid) WHERE pname='\(product)'")
            add("ordersOfProduct", "number of orders with \(product)",
                "SELECT COUNT(DISTINCT oid) FROM order_items JOIN products USING(pid) WHERE pname='\(product)'")
            add("priceOfProduct", "price of \(product)", "SELECT price FROM products WHERE pname='\(product)'")
        }
        return items
    }
}
