package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import waybill.fact.Fact;
import waybill.job.Job;

/**
 * What the store writes it reads back, whole: every field of a job, and of every fact a decision keeps,
 * filled with a distinct value at any depth, survives the store's JSON. A field that an accessor, an
 * annotation or the lenient reader drops fails here by name.
 */
class CodecTest {
    @Test
    void everyFieldOfAJobAtAnyDepthSurvivesTheStoresJson() throws Exception {
        Job job = Filler.fill(Job.class);
        Job read = Codec.read(Codec.write(job), Job.class);
        assertEquals(List.of(), Filler.unfilled("job", job), "the filler left fields at their defaults");
        assertEquals(List.of(), Filler.differences("job", job, read));
    }

    @Test
    void everyFieldOfEveryFactADecisionKeepsSurvivesTheStoresJson() throws Exception {
        JsonSubTypes types = Fact.class.getAnnotation(JsonSubTypes.class);
        assertTrue(types.value().length > 10);
        for (JsonSubTypes.Type t : types.value()) {
            Fact fact = (Fact) Filler.fill(t.value());
            Fact read = Codec.read(Codec.write(fact), Fact.class);
            String name = t.value().getSimpleName();
            assertEquals(List.of(), Filler.unfilled(name, fact), "the filler left fields at their defaults");
            assertEquals(List.of(), Filler.differences(name, fact, read));
        }
    }

    /** Fills every instance field of a model class with a value that is not its default, recursively. */
    static final class Filler {
        private static int next = 1;

        static <T> T fill(Class<T> type) throws Exception {
            T o = type.getDeclaredConstructor().newInstance();
            for (Field f : fields(type)) {
                f.set(o, value(f.getGenericType()));
            }
            return o;
        }

        private static Object value(Type type) throws Exception {
            if (type instanceof ParameterizedType p) {
                Class<?> raw = (Class<?>) p.getRawType();
                if (List.class.isAssignableFrom(raw)) {
                    List<Object> list = new ArrayList<>();
                    list.add(value(p.getActualTypeArguments()[0]));
                    list.add(value(p.getActualTypeArguments()[0]));
                    return list;
                }
                if (Map.class.isAssignableFrom(raw)) {
                    Map<Object, Object> map = new LinkedHashMap<>();
                    map.put(value(p.getActualTypeArguments()[0]), value(p.getActualTypeArguments()[1]));
                    return map;
                }
            }
            Class<?> c = (Class<?>) type;
            int n = next++;
            if (c == String.class) {
                return "v" + n;
            }
            if (c == boolean.class || c == Boolean.class) {
                return true;
            }
            if (c == int.class || c == Integer.class) {
                return n;
            }
            if (c == long.class || c == Long.class) {
                return (long) n;
            }
            if (c == Instant.class) {
                return Instant.ofEpochSecond(1_700_000_000L + n);
            }
            if (c.isEnum()) {
                Object[] values = c.getEnumConstants();
                return values[n % values.length];
            }
            return fill(c);
        }

        /** Fields still at their default (null, false, 0, empty): the filler must reach them all. */
        static List<String> unfilled(String path, Object o) throws Exception {
            List<String> out = new ArrayList<>();
            for (Field f : fields(o.getClass())) {
                Object v = f.get(o);
                String p = path + "." + f.getName();
                if (v == null
                        || Boolean.FALSE.equals(v)
                        || (v instanceof Number num && num.longValue() == 0)
                        || (v instanceof Collection<?> col && col.isEmpty())
                        || (v instanceof Map<?, ?> m && m.isEmpty())) {
                    out.add(p);
                } else if (model(v.getClass())) {
                    out.addAll(unfilled(p, v));
                }
            }
            return out;
        }

        /** Fields that differ between two objects, by path. */
        static List<String> differences(String path, Object a, Object b) throws Exception {
            List<String> out = new ArrayList<>();
            if (a == null || b == null || !model(a.getClass())) {
                if (a instanceof List<?> la && b instanceof List<?> lb && la.size() == lb.size()) {
                    for (int i = 0; i < la.size(); i++) {
                        out.addAll(differences(path + "[" + i + "]", la.get(i), lb.get(i)));
                    }
                } else if (a == null ? b != null : !a.equals(b)) {
                    out.add(path + ": wrote " + a + ", read " + b);
                }
                return out;
            }
            if (a.getClass() != b.getClass()) {
                out.add(path + ": wrote a " + a.getClass().getSimpleName() + ", read a "
                        + b.getClass().getSimpleName());
                return out;
            }
            for (Field f : fields(a.getClass())) {
                out.addAll(differences(path + "." + f.getName(), f.get(a), f.get(b)));
            }
            return out;
        }

        private static boolean model(Class<?> c) {
            return c.getName().startsWith("waybill.") && !c.isEnum();
        }

        private static List<Field> fields(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                        f.setAccessible(true);
                        out.add(f);
                    }
                }
            }
            return out;
        }
    }
}
