package waybill.config;

/**
 * What a key may do. {@code customer}: the Jobs API in its own subscriptions only; {@code operator}: facts,
 * actions, history, reading rules, the clock and jobs; {@code admin}: everything, including rule reloads,
 * dry runs and moving the clock. See docs/security.md.
 */
public enum Role {
    customer, operator, admin
}
