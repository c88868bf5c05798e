package waybill.store.mongo;

import static java.nio.charset.StandardCharsets.UTF_8;

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
 * How the embedded server's documents and ids are written in its file: a document field by field, and every
 * string (a document's, a collection's _id keys, an index's positions) as its UTF-8 bytes, each under a tag
 * H2's default type never writes. H2's default type writes each document with Java serialization (a new
 * stream, every class descriptor, per document) and each string char by char, and a commit writes again
 * every key and document of each page a write changed (docs/benchmarks.md, "Documents and ids as bytes").
 * Strings order as H2 orders them. A document holding a value of any other type (the server's own, which
 * Waybill never writes), and a string UTF-8 would not give back (a lone surrogate), are written as H2
 * writes them; so is everything an earlier version wrote, read as before: a file of an earlier version
 * opens, its pages converted as they are rewritten.
 */
public final class DocumentType extends ObjectDataType {
    /** Not among {@link ObjectDataType}'s tags (0–14, 19, 32–49, 64–119). */
    private static final byte DOCUMENT_TAG = 127, STRING_TAG = 126;

    private static final byte NULL = 0,
            STRING = 1,
            LONG = 2,
            INT = 3,
            TRUE = 4,
            FALSE = 5,
            DOUBLE = 6,
            INSTANT = 7,
            DOCUMENT = 8,
            LIST = 9,
            CHARS = 10;

    /** A value this type does not write: the document goes to H2's own. Thrown without a stack. */
    private static final RuntimeException OTHER =
            new RuntimeException("not written field by field", null, false, false) {};

    /** As H2's default type estimates a serialized object: twice its bytes, averaged over those written. */
    private volatile int averageSize = 10_000;

    /** A collection's data map (ids to documents), opened with this type before the server or a scan opens it. */
    static <K> MVMap<K, Map<String, Object>> open(MVStore store, String name) {
        return store.openMap(
                name,
                new MVMap.Builder<K, Map<String, Object>>()
                        .keyType(new DocumentType())
                        .valueType(new DocumentType()));
    }

    @Override
    public int getMemory(Object obj) {
        return obj instanceof Document ? averageSize : super.getMemory(obj);
    }

    @Override
    public void write(WriteBuffer buff, Object obj) {
        byte[] utf8 = obj instanceof String s ? utf8(s) : null;
        if (utf8 != null) {
            buff.put(STRING_TAG).putVarInt(utf8.length).put(utf8);
            return;
        }
        if (obj instanceof Document document) {
            int start = buff.position();
            try {
                document(buff.put(DOCUMENT_TAG), document);
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
        return switch (buff.get(buff.position())) {
            case DOCUMENT_TAG -> document(buff.position(buff.position() + 1));
            case STRING_TAG -> utf8(buff.position(buff.position() + 1));
            default -> super.read(buff);
        };
    }

    /** {@code s} as UTF-8, or null when UTF-8 would not give it back. */
    private static byte[] utf8(String s) {
        byte[] b = s.getBytes(UTF_8);
        return new String(b, UTF_8).equals(s) ? b : null;
    }

    private static String utf8(ByteBuffer buff) {
        int length = DataUtils.readVarInt(buff);
        int at = buff.position();
        buff.position(at + length);
        if (buff.hasArray()) {
            return new String(buff.array(), buff.arrayOffset() + at, length, UTF_8);
        }
        byte[] b = new byte[length];
        buff.get(at, b);
        return new String(b, UTF_8);
    }

    private static void document(WriteBuffer buff, Document document) {
        buff.putVarInt(document.size());
        for (Map.Entry<String, Object> field : document.entrySet()) {
            value(buff, field.getKey());
            value(buff, field.getValue());
        }
    }

    /** Only the classes the wire's decoder makes, so what is read back is what the server stored. */
    private static void value(WriteBuffer buff, Object value) {
        if (value == null) {
            buff.put(NULL);
        } else if (value instanceof String s) {
            byte[] utf8 = utf8(s);
            if (utf8 != null) {
                buff.put(STRING).putVarInt(utf8.length).put(utf8);
            } else {
                buff.put(CHARS).putVarInt(s.length()).putStringData(s, s.length());
            }
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

    private static Document document(ByteBuffer buff) {
        Document document = new Document();
        for (int n = DataUtils.readVarInt(buff); n > 0; n--) {
            document.put((String) value(buff), value(buff));
        }
        return document;
    }

    private static Object value(ByteBuffer buff) {
        byte type = buff.get();
        return switch (type) {
            case NULL -> null;
            case STRING -> utf8(buff);
            case CHARS -> DataUtils.readString(buff, DataUtils.readVarInt(buff));
            case LONG -> DataUtils.readVarLong(buff);
            case INT -> DataUtils.readVarInt(buff);
            case TRUE -> true;
            case FALSE -> false;
            case DOUBLE -> buff.getDouble();
            case INSTANT -> Instant.ofEpochSecond(DataUtils.readVarLong(buff), DataUtils.readVarInt(buff));
            case DOCUMENT -> document(buff);
            case LIST -> {
                List<Object> list = new ArrayList<>();
                for (int n = DataUtils.readVarInt(buff); n > 0; n--) {
                    list.add(value(buff));
                }
                yield list;
            }
            default ->
                throw DataUtils.newMVStoreException(
                        DataUtils.ERROR_FILE_CORRUPT, "unknown field type {0} in a stored document", type);
        };
    }
}
