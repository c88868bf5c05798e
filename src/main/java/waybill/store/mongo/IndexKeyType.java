package waybill.store.mongo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import de.bwaldvogel.mongo.backend.KeyValue;
import java.nio.ByteBuffer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded server's unique indexes: the same bytes in the file and the same order as
 * H2's default type, without serializing a key at every comparison. The server's index key
 * ({@link KeyValue}) is not {@code Comparable}, so H2 orders it by its Java serialization and serializes
 * both keys at each comparison of a B-tree search, and each key again each time its page is written: most
 * of the embedded server's CPU under facts (docs/benchmarks.md, "Index keys serialized once"). Here each
 * key object is serialized once (or its bytes kept as read from the file), and those bytes are compared
 * and written. The bytes are held as long as the key object lives (weak keys, by identity: two keys the
 * server calls equal may serialize differently, and the order is by bytes). Other keys go to the default.
 */
final class IndexKeyType extends ObjectDataType {
    /** H2's tag for a Java-serialized object, followed by the length and the bytes. */
    private static final byte SERIALIZED = 19;

    private final Cache<Object, byte[]> serialized =
            Caffeine.newBuilder().weakKeys().build();
    /** The memory a key is counted for (twice its bytes, a moving average), as H2's type counts it. */
    private volatile int averageSize = 10_000;

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue && b instanceof KeyValue) {
            return a == b ? 0 : compareNotNull(bytes(a), bytes(b));
        }
        return super.compare(a, b);
    }

    @Override
    public int getMemory(Object key) {
        return key instanceof KeyValue ? averageSize : super.getMemory(key);
    }

    @Override
    public void write(WriteBuffer buff, Object key) {
        if (!(key instanceof KeyValue)) {
            super.write(buff, key);
            return;
        }
        byte[] data = bytes(key);
        counted(data);
        buff.put(SERIALIZED).putVarInt(data.length).put(data);
    }

    @Override
    public Object read(ByteBuffer buff) {
        if (buff.get(buff.position()) != SERIALIZED) {
            return super.read(buff);
        }
        buff.get();
        byte[] data = new byte[DataUtils.readVarInt(buff)];
        buff.get(data);
        counted(data);
        Object key = deserialize(data);
        if (key instanceof KeyValue) {
            serialized.put(key, data);
        }
        return key;
    }

    private byte[] bytes(Object key) {
        return serialized.get(key, ObjectDataType::serialize);
    }

    private void counted(byte[] data) {
        averageSize = (int) ((data.length * 2L + 15L * averageSize) / 16);
    }
}
