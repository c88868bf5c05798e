package waybill.store.mongo;

import java.nio.ByteBuffer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded server's unique indexes ({@link UniqueIndex}): a key is its serialized
 * bytes ({@link Key}), written and ordered exactly as H2's default type writes and orders the server's
 * index key ({@code KeyValue}, which is not {@code Comparable}, so H2 orders it by its Java serialization).
 * The file is the same either way; what changes is that H2 serialized both keys at each comparison of a
 * B-tree search and each key again each time its page was written (most of the embedded server's CPU under
 * facts: docs/benchmarks.md, "Index keys serialized once"), while here a key is serialized once when it is
 * looked up and is never deserialized when read. Values of other types go to the default.
 */
final class IndexKeyType extends ObjectDataType {
    /** H2's tag for a Java-serialized object, followed by the length and the bytes. */
    private static final byte SERIALIZED = 19;

    /** An index key as the bytes of its Java serialization: compared and written as those bytes. */
    record Key(byte[] data) {}

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof Key x && b instanceof Key y) {
            return compareNotNull(x.data, y.data);
        }
        return super.compare(a, b);
    }

    @Override
    public int getMemory(Object key) {
        return key instanceof Key k ? 32 + k.data.length : super.getMemory(key);
    }

    @Override
    public void write(WriteBuffer buff, Object key) {
        if (!(key instanceof Key k)) {
            super.write(buff, key);
            return;
        }
        buff.put(SERIALIZED).putVarInt(k.data.length).put(k.data);
    }

    @Override
    public Object read(ByteBuffer buff) {
        if (buff.get(buff.position()) != SERIALIZED) {
            return super.read(buff);
        }
        buff.get();
        byte[] data = new byte[DataUtils.readVarInt(buff)];
        buff.get(data);
        return new Key(data);
    }
}
