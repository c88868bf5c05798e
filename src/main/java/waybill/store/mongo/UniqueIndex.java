package waybill.store.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * A unique index of the embedded server, kept in an MVStore map whose keys are the index keys' serialized
 * bytes ({@link Key}): exactly the bytes H2's default type writes for the server's {@code KeyValue}, in H2's
 * order (it is not {@code Comparable}, so H2 orders it by its Java serialization), so the file is the same.
 * H2 serialized both keys at each comparison of a B-tree search and each key again whenever its page was
 * written (docs/benchmarks.md, "Index keys serialized once"); here a key is serialized once per lookup and
 * one read from the file stays bytes. An insert searches each index twice, not three times: the server
 * checks every index before it stores the document, so {@link #add} puts the key once, the put itself
 * refusing a key that is there.
 */
final class UniqueIndex extends AbstractUniqueIndex<Object> {
    private final MVMap<Object, Object> map;

    /** An index key as the bytes of its Java serialization: compared and written as those bytes. */
    record Key(byte[] data) {}

    UniqueIndex(MVMap<Object, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.map = map;
    }

    private static Key key(KeyValue key) {
        return new Key(ObjectDataType.serialize(key));
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return map.remove(key(key));
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return map.putIfAbsent(key(key), Missing.ofNullable(position)) == null;
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return map.get(key(key));
    }

    /** Every entry with its key read back (only a regular expression over a one-field index walks them). */
    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return () -> map.entrySet().stream()
                .map(e -> (Map.Entry<KeyValue, Object>) new AbstractMap.SimpleImmutableEntry<>(
                        (KeyValue) ObjectDataType.deserialize(((Key) e.getKey()).data()), e.getValue()))
                .iterator();
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        Set<KeyValue> keys = getKeyValues(document);
        if (isSparse() || keys.size() != 1) {
            super.add(document, position, collection); // its own check first: a partial add is never left
            return;
        }
        KeyValue key = keys.iterator().next();
        if (!putKeyPosition(key, position)) {
            throw new DuplicateKeyError(this, collection, getKeys(), key);
        }
    }

    @Override
    public long getCount() {
        return map.sizeAsLong();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    /** The map's key type: a {@link Key} as H2 writes a serialized object; other values as the default. */
    static final class KeyType extends ObjectDataType {
        /** H2's tag for a Java-serialized object, followed by the length and the bytes. */
        private static final byte SERIALIZED = 19;

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
}
