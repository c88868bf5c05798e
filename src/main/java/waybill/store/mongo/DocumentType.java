package waybill.store.mongo;

import de.bwaldvogel.mongo.bson.Document;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The value type of the embedded server's collections: a document written field by field in H2's own
 * encodings (strings as H2 writes its strings, numbers as variable-length integers), under a tag H2's
 * default type never writes. H2's default type writes each document with Java serialization, a new stream
 * and every class descriptor per document, and a commit writes again every document of each page a write
 * changed (docs/benchmarks.md, "Documents written field by field"). A document holding a value of any other
 * type (the server's own, which Waybill never writes) is written as H2 writes it, and so is any document
 * written before: both read as before, so a file of an earlier version opens and its pages are converted
 * as they are rewritten.
 */
public final class DocumentType extends ObjectDataType {
    /** Not one of {@link ObjectDataType}'s tags (0–14, 19, 32–49, 64–119). */
    private static final byte TAG = 127;

    private static final byte NULL = 0,
            STRING = 1,
            LONG = 2,
            INT = 3,
            TRUE = 4,
            FALSE = 5,
            DOUBLE = 6,
            INSTANT = 7,
            DOCUMENT = 8,
            LIST = 9;

    /** A value this type does not write: the document goes to H2's own. Thrown without a stack. */
    private static final RuntimeException OTHER =
            new RuntimeException("not written field by field", null, false, false) {};

    /** As H2's default type estimates a serialized object: twice its bytes, averaged over those written. */
    private volatile int averageSize = 10_000;

    /** A collection's data map, opened with this type before the server (or a scan) opens it with another. */
    static <K> MVMap<K, Map<String, Object>> open(MVStore store, String name) {
        return store.openMap(name, new MVMap.Builder<K, Map<String, Object>>().valueType(new DocumentType()));
    }

    @Override
    public int getMemory(Object obj) {
        return obj instanceof Document ? averageSize : super.getMemory(obj);
    }

    @Override
    public void write(WriteBuffer buff, Object obj) {
        if (obj instanceof Document document) {
            int start = buff.position();
            try {
                document(buff.put(TAG), document);
                averageSize = (int) ((2L * (buff.position() - start) + 15L * averageSize) / 16);
                return;
            } catch (RuntimeException e) {
                if (e != OTHER) {
                    throw e;
                }
                buff.position(start);
            }
        }
        super.write(buff, obj);
    }

    @Override
    public Object read(ByteBuffer buff) {
        if (buff.get(buff.position()) != TAG) {
            return super.read(buff);
        }
        buff.get();
        return document(buff);
    }

    private static void document(WriteBuffer buff, Document document) {
        buff.putVarInt(document.size());
        for (Map.Entry<String, Object> field : document.entrySet()) {
            string(buff, field.getKey());
            value(buff, field.getValue());
        }
    }

    /** Only the classes the wire's decoder makes, so what is read back is what the server stored. */
    private static void value(WriteBuffer buff, Object value) {
        if (value == null) {
            buff.put(NULL);
        } else if (value instanceof String s) {
            string(buff.put(STRING), s);
        } else if (value instanceof Long l) {
            buff.put(LONG).putVarLong(l);
        } else if (value instanceof Integer i) {
            buff.put(INT).putVarInt(i);
        } else if (value instanceof Boolean b) {
            buff.put(b ? TRUE : FALSE);
        } else if (value instanceof Double d) {
            buff.put(DOUBLE).putDouble(d);
        } else if (value instanceof Instant t) {
            buff.put(INSTANT).putVarLong(t.getEpochSecond()).putVarInt(t.getNano());
        } else if (value.getClass() == Document.class) {
            document(buff.put(DOCUMENT), (Document) value);
        } else if (value.getClass() == ArrayList.class) {
            List<?> list = (List<?>) value;
            buff.put(LIST).putVarInt(list.size());
            list.forEach(element -> value(buff, element));
        } else {
            throw OTHER;
        }
    }

    private static void string(WriteBuffer buff, String s) {
        buff.putVarInt(s.length()).putStringData(s, s.length());
    }

    private static Document document(ByteBuffer buff) {
        Document document = new Document();
        for (int n = DataUtils.readVarInt(buff); n > 0; n--) {
            document.put(string(buff), value(buff));
        }
        return document;
    }

    private static Object value(ByteBuffer buff) {
        byte type = buff.get();
        return switch (type) {
            case NULL -> null;
            case STRING -> string(buff);
            case LONG -> DataUtils.readVarLong(buff);
            case INT -> DataUtils.readVarInt(buff);
            case TRUE -> true;
            case FALSE -> false;
            case DOUBLE -> buff.getDouble();
            case INSTANT -> Instant.ofEpochSecond(DataUtils.readVarLong(buff), DataUtils.readVarInt(buff));
            case DOCUMENT -> document(buff);
            case LIST -> {
                int n = DataUtils.readVarInt(buff);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(value(buff));
                }
                yield list;
            }
            default ->
                throw DataUtils.newMVStoreException(
                        DataUtils.ERROR_FILE_CORRUPT, "unknown field type {0} in a stored document", type);
        };
    }

    private static String string(ByteBuffer buff) {
        return DataUtils.readString(buff, DataUtils.readVarInt(buff));
    }
}
