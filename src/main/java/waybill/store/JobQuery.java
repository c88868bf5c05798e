package waybill.store;

import java.util.Set;

/**
 * The operators' board as a query; null fields do not filter. {@code name}: a part of the job's name (any
 * case); {@code visible}: the subscriptions the caller may see (null: all); {@code top}: the page size.
 */
public record JobQuery(
        String state,
        String subscription,
        String resourceGroup,
        String name,
        Set<String> visible,
        String after,
        int top) {}
