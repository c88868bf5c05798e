package waybill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import waybill.store.JobStore;

/**
 * A store that wraps another must pass every operation on, the ones the ports give a default too: a
 * default left in place answers for the wrapped store without asking it (a pipelined write turned into a
 * blocking commit, a store's due jobs or its warming never seen).
 */
class StoreDecoratorsTest {
    @Test
    void theCommitTapPassesEveryJobStoreOperationOn() throws Exception {
        assertEquals(List.of(), notOverridden(Class.forName("waybill.delivery.CommitTap"), JobStore.class));
    }

    private static List<String> notOverridden(Class<?> wrapper, Class<?> port) {
        List<String> missing = new ArrayList<>();
        for (Method m : port.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                Method impl = wrapper.getMethod(m.getName(), m.getParameterTypes());
                if (impl.getDeclaringClass().isInterface()) {
                    missing.add(m.getName());
                }
            } catch (NoSuchMethodException e) {
                missing.add(m.getName());
            }
        }
        missing.sort(String::compareTo);
        return missing;
    }
}
