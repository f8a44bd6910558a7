namespace AppHost.Broadleaf;

/// <summary>A table the seed writes, with its columns in the order rows give their values.</summary>
public sealed record BroadleafTable(string Name, params string[] Columns);

public static class BroadleafTables
{
    public static readonly BroadleafTable SequenceGenerator = new("sequence_generator", "id_name", "id_val");
    public static readonly BroadleafTable Currency = new("blc_currency", "currency_code", "friendly_name", "default_flag");
    public static readonly BroadleafTable Category = new("blc_category",
        "category_id", "name", "description", "url", "url_key", "external_id", "active_start_date", "active_end_date",
        "default_parent_category_id", "inventory_type", "fulfillment_type", "archived");
    public static readonly BroadleafTable CategoryXref = new("blc_category_xref",
        "category_xref_id", "category_id", "sub_category_id", "display_order", "default_reference");
    public static readonly BroadleafTable Product = new("blc_product",
        "product_id", "default_sku_id", "default_category_id", "manufacture", "model", "url", "url_key", "archived", "is_featured_product");
    public static readonly BroadleafTable CategoryProductXref = new("blc_category_product_xref",
        "category_product_id", "category_id", "product_id", "display_order", "default_reference");
    public static readonly BroadleafTable SearchIntercept = new("blc_search_intercept",
        "search_redirect_id", "active_end_date", "active_start_date", "priority", "search_term", "url");
    public static readonly BroadleafTable SearchSynonym = new("blc_search_synonym", "search_synonym_id", "synonyms", "term");
    public static readonly BroadleafTable Sku = new("blc_sku",
        "sku_id", "name", "description", "upc", "external_id", "retail_price", "sale_price", "cost",
        "taxable_flag", "discountable_flag", "available_flag", "active_start_date", "active_end_date",
        "inventory_type", "quantity_available", "fulfillment_type", "default_product_id", "addl_product_id", "currency_code");
    public static readonly BroadleafTable Customer = new("blc_customer",
        "customer_id", "user_name", "email_address", "first_name", "last_name", "locale_code", "receive_email",
        "is_registered", "deactivated", "archived", "date_created");
    public static readonly BroadleafTable Offer = new("blc_offer",
        "offer_id", "offer_name", "offer_description", "marketing_message", "offer_type", "offer_discount_type", "offer_value",
        "start_date", "end_date", "max_uses", "max_uses_per_customer", "max_uses_strategy", "automatically_added",
        "combinable_with_other_offers", "totalitarian_offer", "archived");
    public static readonly BroadleafTable OfferCode = new("blc_offer_code",
        "offer_code_id", "offer_id", "offer_code", "start_date", "end_date", "max_uses", "uses", "email_address", "archived");
    public static readonly BroadleafTable Order = new("blc_order",
        "order_id", "customer_id", "order_status", "order_number", "name", "email_address", "order_subtotal", "total_tax",
        "total_shipping", "order_total", "submit_date", "currency_code", "locale_code", "tax_override", "date_created",
        "date_updated", "is_preview");
    public static readonly BroadleafTable OrderItem = new("blc_order_item",
        "order_item_id", "order_id", "category_id", "name", "quantity", "price", "retail_price", "sale_price",
        "order_item_type", "date_created");
    public static readonly BroadleafTable DiscreteOrderItem = new("blc_discrete_order_item",
        "order_item_id", "sku_id", "product_id", "base_retail_price", "base_sale_price");
    public static readonly BroadleafTable OrderItemPriceDetail = new("blc_order_item_price_dtl",
        "order_item_price_dtl_id", "order_item_id", "quantity", "use_sale_price");
    public static readonly BroadleafTable OrderItemPriceDetailAdjustment = new("blc_order_item_dtl_adj",
        "order_item_dtl_adj_id", "order_item_price_dtl_id", "offer_id", "offer_name", "adjustment_reason",
        "adjustment_value", "applied_to_sale_price", "is_future_credit");
    public static readonly BroadleafTable OrderAdjustment = new("blc_order_adjustment",
        "order_adjustment_id", "order_id", "offer_id", "adjustment_reason", "adjustment_value", "is_future_credit");
    public static readonly BroadleafTable FulfillmentGroup = new("blc_fulfillment_group",
        "fulfillment_group_id", "order_id", "status", "type", "method", "service", "reference_number", "price",
        "retail_price", "sale_price", "merchandise_total", "total", "total_tax", "is_primary", "fulfillment_group_sequnce");
    public static readonly BroadleafTable FulfillmentGroupItem = new("blc_fulfillment_group_item",
        "fulfillment_group_item_id", "fulfillment_group_id", "order_item_id", "quantity", "status");
    public static readonly BroadleafTable FulfillmentGroupAdjustment = new("blc_fg_adjustment",
        "fg_adjustment_id", "fulfillment_group_id", "offer_id", "adjustment_reason", "adjustment_value", "is_future_credit");
    public static readonly BroadleafTable OfferAudit = new("blc_offer_audit",
        "offer_audit_id", "offer_id", "customer_id", "order_id", "offer_code_id", "redeemed_date");
    public static readonly BroadleafTable OrderPayment = new("blc_order_payment",
        "order_payment_id", "order_id", "amount", "payment_type", "gateway_type", "archived");

    public static readonly IReadOnlyList<BroadleafTable> All =
    [
        SequenceGenerator, Currency, Category, CategoryXref, Product, CategoryProductXref, SearchIntercept, SearchSynonym, Sku, Customer, Offer, OfferCode,
        Order, OrderItem, DiscreteOrderItem, OrderItemPriceDetail, OrderItemPriceDetailAdjustment, OrderAdjustment,
        FulfillmentGroup, FulfillmentGroupItem, FulfillmentGroupAdjustment, OfferAudit, OrderPayment,
    ];
}
