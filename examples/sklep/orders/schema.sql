-- The fictional shop's order service (every person, address and number here is made up).
CREATE TABLE IF NOT EXISTS customers (
    id          TEXT PRIMARY KEY,          -- "K-001": the id the backend passes as customer["id"]
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    phone       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
    number            TEXT PRIMARY KEY,    -- "ZM-2026-001201"
    customer_id       TEXT NOT NULL REFERENCES customers(id),
    status            TEXT NOT NULL CHECK (status IN ('nowe', 'opłacone', 'wysłane', 'dostarczone', 'anulowane')),
    placed_at         TEXT NOT NULL,       -- ISO dates
    shipped_at        TEXT,
    expected_delivery TEXT,
    delivered_at      TEXT,
    cancelled_at      TEXT,
    carrier           TEXT,
    delivery_method   TEXT,                -- "kurier", "paczkomat"
    tracking_number   TEXT,
    delivery_address  TEXT NOT NULL,
    total_pln         REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS return_labels (
    order_number  TEXT PRIMARY KEY REFERENCES orders(number),
    return_code   TEXT NOT NULL,
    carrier       TEXT NOT NULL,
    valid_until   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS complaints (
    case_number   TEXT PRIMARY KEY,        -- "RK-2026-000101"
    order_number  TEXT NOT NULL REFERENCES orders(number),
    status        TEXT NOT NULL CHECK (status IN ('przyjęta', 'w rozpatrzeniu', 'uznana', 'odrzucona')),
    opened_at     TEXT NOT NULL,
    decision_due  TEXT NOT NULL,           -- 14 days after opening (the statutory deadline)
    resolution    TEXT
);
