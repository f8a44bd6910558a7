-- The Broadleaf Commerce 6.1-6.2 tables the platform reads, as Hibernate creates them on PostgreSQL:
-- lowercase names, Hibernate's default types, primary keys, and only the indexes Broadleaf declares (@Index).
-- A physical read replica takes no indexes of its own, so nothing here may be added for the reports' sake.
-- Foreign keys are left out: they change nothing a read-only report sees, and the seed loads tables in parallel.

CREATE TABLE sequence_generator (
    id_name varchar(255) PRIMARY KEY,
    id_val bigint
);

CREATE TABLE blc_currency (
    currency_code varchar(255) PRIMARY KEY,
    friendly_name varchar(255),
    default_flag boolean
);

CREATE TABLE blc_category (
    category_id bigint PRIMARY KEY,
    name varchar(255) NOT NULL,
    description varchar(255),
    url varchar(255),
    url_key varchar(255),
    external_id varchar(255),
    active_start_date timestamp,
    active_end_date timestamp,
    default_parent_category_id bigint,
    inventory_type varchar(255),
    fulfillment_type varchar(255),
    archived char(1)
);
CREATE INDEX category_name_index ON blc_category (name);
CREATE INDEX category_url_index ON blc_category (url);
CREATE INDEX category_e_id_index ON blc_category (external_id);
CREATE INDEX category_urlkey_index ON blc_category (url_key);
CREATE INDEX category_parent_index ON blc_category (default_parent_category_id);

CREATE TABLE blc_category_xref (
    category_xref_id bigint PRIMARY KEY,
    category_id bigint NOT NULL,
    sub_category_id bigint NOT NULL,
    display_order numeric(10,6),
    default_reference boolean
);

CREATE TABLE blc_product (
    product_id bigint PRIMARY KEY,
    default_sku_id bigint,
    default_category_id bigint,
    manufacture varchar(255),
    model varchar(255),
    url varchar(255),
    url_key varchar(255),
    archived char(1),
    is_featured_product boolean NOT NULL
);
CREATE INDEX product_category_index ON blc_product (default_category_id);

CREATE TABLE blc_category_product_xref (
    category_product_id bigint PRIMARY KEY,
    category_id bigint NOT NULL,
    product_id bigint NOT NULL,
    display_order numeric(10,6),
    default_reference boolean
);

-- Search merchandising: redirects (SearchRedirectImpl) and synonyms (SearchSynonymImpl, synonyms separated by '|').
CREATE TABLE blc_search_intercept (
    search_redirect_id bigint PRIMARY KEY,
    active_end_date timestamp,
    active_start_date timestamp,
    priority integer,
    search_term varchar(255) NOT NULL,
    url varchar(255) NOT NULL
);
CREATE INDEX search_active_index ON blc_search_intercept (active_end_date);
CREATE INDEX search_priority_index ON blc_search_intercept (priority);

CREATE TABLE blc_search_synonym (
    search_synonym_id bigint PRIMARY KEY,
    synonyms varchar(255),
    term varchar(255)
);
CREATE INDEX searchsynonym_term_index ON blc_search_synonym (term);

CREATE TABLE blc_sku (
    sku_id bigint PRIMARY KEY,
    name varchar(255),
    description varchar(255),
    long_description text,
    upc varchar(255),
    external_id varchar(255),
    url_key varchar(255),
    retail_price numeric(19,5),
    sale_price numeric(19,5),
    cost numeric(19,5),
    taxable_flag char(1),
    discountable_flag char(1),
    available_flag char(1),
    active_start_date timestamp,
    active_end_date timestamp,
    inventory_type varchar(255),
    quantity_available integer,
    fulfillment_type varchar(255),
    default_product_id bigint,
    addl_product_id bigint,
    currency_code varchar(255),
    weight numeric(19,2),
    weight_unit_of_measure varchar(255),
    height numeric(19,2),
    width numeric(19,2),
    depth numeric(19,2),
    girth numeric(19,2),
    dimension_unit_of_measure varchar(255)
);
CREATE INDEX sku_external_id_index ON blc_sku (external_id);
CREATE INDEX sku_upc_index ON blc_sku (upc);
CREATE INDEX sku_name_index ON blc_sku (name);
CREATE INDEX sku_taxable_index ON blc_sku (taxable_flag);
CREATE INDEX sku_discountable_index ON blc_sku (discountable_flag);
CREATE INDEX sku_available_index ON blc_sku (available_flag);

CREATE TABLE blc_customer (
    customer_id bigint PRIMARY KEY,
    user_name varchar(255),
    email_address varchar(255),
    first_name varchar(255),
    last_name varchar(255),
    locale_code varchar(255),
    receive_email boolean,
    is_registered boolean,
    deactivated boolean,
    archived char(1),
    date_created timestamp,
    date_updated timestamp,
    created_by bigint,
    updated_by bigint
);
CREATE INDEX customer_email_index ON blc_customer (email_address);

CREATE TABLE blc_order (
    order_id bigint PRIMARY KEY,
    customer_id bigint NOT NULL,
    order_status varchar(255),
    order_number varchar(255),
    name varchar(255),
    email_address varchar(255),
    order_subtotal numeric(19,5),
    total_tax numeric(19,5),
    total_shipping numeric(19,5),
    order_total numeric(19,5),
    submit_date timestamp,
    currency_code varchar(255),
    locale_code varchar(255),
    tax_override boolean,
    date_created timestamp,
    date_updated timestamp,
    created_by bigint,
    updated_by bigint,
    is_preview boolean
);
CREATE INDEX order_name_index ON blc_order (name);
CREATE INDEX order_customer_index ON blc_order (customer_id);
CREATE INDEX order_status_index ON blc_order (order_status);
CREATE INDEX order_number_index ON blc_order (order_number);
CREATE INDEX order_email_index ON blc_order (email_address);

CREATE TABLE blc_order_item (
    order_item_id bigint PRIMARY KEY,
    order_id bigint,
    category_id bigint,
    name varchar(255),
    quantity integer NOT NULL,
    price numeric(19,5),
    retail_price numeric(19,5),
    sale_price numeric(19,5),
    order_item_type varchar(255),
    parent_order_item_id bigint,
    date_created timestamp,
    date_updated timestamp
);
CREATE INDEX orderitem_category_index ON blc_order_item (category_id);
CREATE INDEX orderitem_order_index ON blc_order_item (order_id);
CREATE INDEX orderitem_type_index ON blc_order_item (order_item_type);
CREATE INDEX orderitem_parent_index ON blc_order_item (parent_order_item_id);

CREATE TABLE blc_discrete_order_item (
    order_item_id bigint PRIMARY KEY,
    sku_id bigint NOT NULL,
    product_id bigint,
    base_retail_price numeric(19,5),
    base_sale_price numeric(19,5)
);
CREATE INDEX discrete_sku_index ON blc_discrete_order_item (sku_id);
CREATE INDEX discrete_product_index ON blc_discrete_order_item (product_id);

CREATE TABLE blc_order_item_price_dtl (
    order_item_price_dtl_id bigint PRIMARY KEY,
    order_item_id bigint,
    quantity integer NOT NULL,
    use_sale_price boolean
);

CREATE TABLE blc_order_item_dtl_adj (
    order_item_dtl_adj_id bigint PRIMARY KEY,
    order_item_price_dtl_id bigint,
    offer_id bigint NOT NULL,
    offer_name varchar(255),
    adjustment_reason varchar(255) NOT NULL,
    adjustment_value numeric(19,5) NOT NULL,
    applied_to_sale_price boolean,
    is_future_credit boolean
);

CREATE TABLE blc_offer (
    offer_id bigint PRIMARY KEY,
    offer_name varchar(255) NOT NULL,
    offer_description varchar(255),
    marketing_message varchar(255),
    offer_type varchar(255) NOT NULL,
    offer_discount_type varchar(255),
    offer_value numeric(19,5) NOT NULL,
    start_date timestamp,
    end_date timestamp,
    max_uses integer,
    max_uses_per_customer bigint,
    max_uses_strategy varchar(255),
    automatically_added boolean,
    combinable_with_other_offers boolean,
    totalitarian_offer boolean,
    archived char(1)
);
CREATE INDEX offer_name_index ON blc_offer (offer_name);
CREATE INDEX offer_marketing_message_index ON blc_offer (marketing_message);
CREATE INDEX offer_type_index ON blc_offer (offer_type);
CREATE INDEX offer_discount_index ON blc_offer (offer_discount_type);

CREATE TABLE blc_offer_code (
    offer_code_id bigint PRIMARY KEY,
    offer_id bigint NOT NULL,
    offer_code varchar(255) NOT NULL,
    start_date timestamp,
    end_date timestamp,
    max_uses integer,
    uses integer,
    email_address varchar(255),
    archived char(1)
);
CREATE INDEX offercode_offer_index ON blc_offer_code (offer_id);
CREATE INDEX offercode_code_index ON blc_offer_code (offer_code);
CREATE INDEX offer_code_email_index ON blc_offer_code (email_address);

CREATE TABLE blc_offer_audit (
    offer_audit_id bigint PRIMARY KEY,
    offer_id bigint,
    customer_id bigint,
    account_id bigint,
    order_id bigint,
    offer_code_id bigint,
    redeemed_date timestamp
);
CREATE INDEX offeraudit_offer_index ON blc_offer_audit (offer_id);
CREATE INDEX offeraudit_customer_index ON blc_offer_audit (customer_id, offer_id);
CREATE INDEX offeraudit_account_index ON blc_offer_audit (account_id, offer_id);
CREATE INDEX offeraudit_order_index ON blc_offer_audit (order_id);
CREATE INDEX offeraudit_offer_code_index ON blc_offer_audit (offer_code_id);

CREATE TABLE blc_order_adjustment (
    order_adjustment_id bigint PRIMARY KEY,
    order_id bigint,
    offer_id bigint NOT NULL,
    adjustment_reason varchar(255) NOT NULL,
    adjustment_value numeric(19,5) NOT NULL,
    is_future_credit boolean
);
CREATE INDEX orderadjust_order_index ON blc_order_adjustment (order_id);
CREATE INDEX orderadjust_offer_index ON blc_order_adjustment (offer_id);

CREATE TABLE blc_fulfillment_group (
    fulfillment_group_id bigint PRIMARY KEY,
    order_id bigint NOT NULL,
    status varchar(255),
    type varchar(255),
    method varchar(255),
    service varchar(255),
    reference_number varchar(255),
    price numeric(19,5),
    retail_price numeric(19,5),
    sale_price numeric(19,5),
    merchandise_total numeric(19,5),
    total numeric(19,5),
    total_tax numeric(19,5),
    fulfillment_option_id bigint,
    address_id bigint,
    is_primary boolean,
    fulfillment_group_sequnce integer
);
CREATE INDEX fg_reference_index ON blc_fulfillment_group (reference_number);
CREATE INDEX fg_method_index ON blc_fulfillment_group (method);
CREATE INDEX fg_service_index ON blc_fulfillment_group (service);
CREATE INDEX fg_primary_index ON blc_fulfillment_group (is_primary);
CREATE INDEX fg_status_index ON blc_fulfillment_group (status);
CREATE INDEX fg_order_index ON blc_fulfillment_group (order_id);
CREATE INDEX fg_address_index ON blc_fulfillment_group (address_id);

CREATE TABLE blc_fulfillment_group_item (
    fulfillment_group_item_id bigint PRIMARY KEY,
    fulfillment_group_id bigint NOT NULL,
    order_item_id bigint NOT NULL,
    quantity integer NOT NULL,
    status varchar(255)
);
CREATE INDEX fgitem_fg_index ON blc_fulfillment_group_item (fulfillment_group_id);
CREATE INDEX fgitem_status_index ON blc_fulfillment_group_item (status);

CREATE TABLE blc_fg_adjustment (
    fg_adjustment_id bigint PRIMARY KEY,
    fulfillment_group_id bigint,
    offer_id bigint NOT NULL,
    adjustment_reason varchar(255) NOT NULL,
    adjustment_value numeric(19,5) NOT NULL,
    is_future_credit boolean
);
CREATE INDEX fgadjustment_index ON blc_fg_adjustment (fulfillment_group_id);
CREATE INDEX fgadjustment_offer_index ON blc_fg_adjustment (offer_id);

CREATE TABLE blc_order_payment (
    order_payment_id bigint PRIMARY KEY,
    order_id bigint,
    amount numeric(19,5),
    payment_type varchar(255) NOT NULL,
    gateway_type varchar(255),
    reference_number varchar(255),
    archived char(1)
);
CREATE INDEX orderpayment_order_index ON blc_order_payment (order_id);
CREATE INDEX orderpayment_reference_index ON blc_order_payment (reference_number);
CREATE INDEX orderpayment_type_index ON blc_order_payment (payment_type);
