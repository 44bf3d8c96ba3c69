/// The small business database the text-to-SQL task asks about, generated deterministically.
///
/// Schema (short column names keep gold SQL short enough for a byte-level model):
///
///     customers(cid INTEGER PRIMARY KEY, cname TEXT, city TEXT)              30 rows, 10 cities
///     products(pid INTEGER PRIMARY KEY, pname TEXT, category TEXT, price INTEGER)  20 rows, 5 categories
///     orders(oid INTEGER PRIMARY KEY, cid INTEGER, year INTEGER)             150 rows, 2019–2024
///     order_items(oid INTEGER, pid INTEGER, qty INTEGER)                   1–3 per order
///
/// Every city has at least one customer and prices are distinct within a category, so "top-1"
/// questions have a single right answer. `script` is plain SQL, so the same database can be rebuilt
/// with the `sqlite3` command-line tool (`sqlite3 db < script.sql`).
public enum BusinessDatabase {
    /// Changes whenever the schema or the rows change; recorded in prompt metadata.
    public static let version = "business-v2"

    public static let cities = ["Lyon", "Paris", "Nice", "Lille", "Nantes", "Rennes", "Metz", "Brest", "Dijon", "Tours"]
    public static let years = Array(2019...2024)
    public static let categories = ["home", "office", "toys", "garden", "sport"]

    /// (name, category, price), in `pid` order starting at 1.
    public static let products: [(name: String, category: String, price: Int)] = [
        ("Lamp", "home", 35), ("Chair", "home", 60), ("Table", "home", 120), ("Rug", "home", 80),
        ("Pen", "office", 3), ("Notebook", "office", 5), ("Stapler", "office", 12), ("Desk", "office", 150),
        ("Kite", "toys", 18), ("Puzzle", "toys", 25), ("Robot", "toys", 45),
        ("Hose", "garden", 22), ("Shovel", "garden", 30), ("Seeds", "garden", 4),
        ("Clock", "home", 28), ("Doll", "toys", 15), ("Rake", "garden", 16),
        ("Ball", "sport", 9), ("Racket", "sport", 55), ("Helmet", "sport", 40), ("Bike", "sport", 300),
    ]

    static let customerNames = [
        "Ana", "Ben", "Chloe", "Dan", "Eva", "Finn", "Gina", "Hugo", "Ines",
        "Jack", "Kim", "Leo", "Mia", "Noah", "Olga", "Paul", "Rosa", "Sam",
        "Tina", "Ugo", "Vera", "Will", "Xena", "Yann", "Zoe", "Anton", "Bella", "Carl", "Dora", "Emil",
    ]

    /// Thresholds for "cheaper than" / "more expensive than" questions.
    public static let priceThresholds = [5, 10, 15, 20, 30, 40, 50, 60, 100, 200]

    static let orderCount = 150

    /// The complete SQL script (schema and rows) that builds the database.
    public static let script: String = makeScript()

    static func makeScript() -> String {
        var random = TaskRandom(seed: 0xB05_1AE55)
        var lines = [
            "CREATE TABLE customers(cid INTEGER PRIMARY KEY, cname TEXT, city TEXT);",
            "CREATE TABLE products(pid INTEGER PRIMARY KEY, pname TEXT, category TEXT, price INTEGER);",
            "CREATE TABLE orders(oid INTEGER PRIMARY KEY, cid INTEGER, year INTEGER);",
            "CREATE TABLE order_items(oid INTEGER, pid INTEGER, qty INTEGER);",
        ]
        let customers = customerNames.enumerated().map { index, name in
            // The first pass round-robins so every city has a customer.
            let city = index < cities.count ? cities[index] : random.pick(cities)
            return "(\(index + 1),'\(name)','\(city)')"
        }
        lines.append("INSERT INTO customers VALUES " + customers.joined(separator: ",") + ";")
        let productRows = products.enumerated().map { index, product in
            "(\(index + 1),'\(product.name)','\(product.category)',\(product.price))"
        }
        lines.append("INSERT INTO products VALUES " + productRows.joined(separator: ",") + ";")
        var orders: [String] = []
        var items: [String] = []
        for oid in 1...orderCount {
            orders.append("(\(oid),\(random.int(in: 1...customerNames.count)),\(random.pick(years)))")
            var productIDs = Array(1...products.count)
            random.shuffle(&productIDs)
            for pid in productIDs.prefix(random.int(in: 1...3)) {
                items.append("(\(oid),\(pid),\(random.int(in: 1...5)))")
            }
        }
        lines.append("INSERT INTO orders VALUES " + orders.joined(separator: ",") + ";")
        lines.append("INSERT INTO order_items VALUES " + items.joined(separator: ",") + ";")
        return lines.joined(separator: "\n") + "\n"
    }
}
