package waybill.store.mongo;

import com.mongodb.client.MongoClient;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * The one point where a shared MongoDB's reachability is checked: the driver's client, wrapped so that
 * every database, collection, iterable and cursor it hands out is wrapped too, and every call that may
 * reach the server goes through {@link Reachability}. Every read model, log and route that uses the store,
 * present or future, fails fast with {@link waybill.store.StoreUnavailableException} while the database is
 * away, without a wrapper of its own.
 *
 * <p>A call that only builds (a collection by name, a find with its filter, an option) passes straight
 * through and its result is wrapped: it reaches no server, and must not use up the probe that finds the
 * database back. Every other call (a read, a write, a cursor's next batch, a session) is an operation.
 */
final class ReachableMongo {
    /** Calls that neither reach the server nor return something that could. */
    private static final Set<String> LOCAL = Set.of(
            "close",
            "getNamespace",
            "getCodecRegistry",
            "getReadPreference",
            "getWriteConcern",
            "getReadConcern",
            "getDocumentClass",
            "getName",
            "getClusterDescription",
            "getTimeout",
            "toString",
            "hashCode",
            "equals");

    private ReachableMongo() {}

    /** {@code target} as a {@code type} (the client: {@link MongoClient}) whose calls go through {@code reach}. */
    @SuppressWarnings("unchecked")
    static <T> T wrap(Object target, Class<T> type, Reachability reach) {
        InvocationHandler handler = (proxy, method, args) -> invoke(target, method, args, reach);
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args, Reachability reach) throws Throwable {
        Class<?> returned = method.getReturnType();
        Object result = LOCAL.contains(method.getName()) || builds(returned)
                ? call(target, method, args)
                : reach.call(() -> call(target, method, args));
        return driverType(returned) && result != null ? wrap(result, returned, reach) : result;
    }

    /** A database, a collection, or an iterable not yet iterated: built locally. */
    private static boolean builds(Class<?> type) {
        return type.isInterface()
                && type.getPackageName().equals("com.mongodb.client")
                && (type.getSimpleName().endsWith("Iterable")
                        || type.getSimpleName().equals("MongoDatabase")
                        || type.getSimpleName().equals("MongoCollection"));
    }

    /**
     * A type of the driver's synchronous API whose calls may reach the server, handed out wrapped. A
     * session is not: the driver takes it back as an argument and needs its own object.
     */
    private static boolean driverType(Class<?> type) {
        return type.isInterface()
                && type.getPackageName().equals("com.mongodb.client")
                && (builds(type)
                        || type.getSimpleName().equals("MongoCursor")
                        || type.getSimpleName().equals("MongoChangeStreamCursor"));
    }

    private static Object call(Object target, Method method, Object[] args) throws Exception {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
