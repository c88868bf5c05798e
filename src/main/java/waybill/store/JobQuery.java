package waybill.store;

import java.util.Set;

/**
 * The operators' board as a query: state, subscription, resource group, a part of the job's name (any
 * case), the subscriptions the caller may see (null: all), the id to start after, the page size. Null
 * fields do not filter.
 */
public record JobQuery(
        String state,
        String subscription,
        String resourceGroup,
        String name,
        Set<String> visible,
        String after,
        int top) {}
