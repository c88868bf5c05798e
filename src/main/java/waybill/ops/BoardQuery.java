package waybill.ops;

import java.util.Locale;
import java.util.Set;

/**
 * A filter and page of the board: state, subscription, resource group, a part of the job's name (any
 * case), the subscriptions the caller may see (null: all), the id to start after and the page size.
 */
public record BoardQuery(
        String state,
        String subscription,
        String resourceGroup,
        String name,
        Set<String> visible,
        String after,
        int top) {

    /** True when the row passes every filter but the state (the counts by state ignore it). */
    boolean matchesBesidesState(JobRow r) {
        return (visible == null || visible.contains(r.subscriptionId()))
                && (subscription == null || subscription.equals(r.subscriptionId()))
                && (resourceGroup == null || resourceGroup.equals(r.resourceGroup()))
                && (name == null
                        || (r.name() != null
                                && r.name().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT))));
    }

    boolean matches(JobRow r) {
        return matchesBesidesState(r) && (state == null || state.equals(r.state()));
    }
}
