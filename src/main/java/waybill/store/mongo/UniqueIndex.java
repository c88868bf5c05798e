package waybill.store.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.type.ObjectDataType;

/**
 * A unique index of the embedded server, kept in an MVStore map whose keys are the index keys'
 * serialized bytes ({@link IndexKeyType.Key}), the bytes H2's own unique index writes for the same key:
 * a key is serialized once per lookup and compared as bytes, and one read from the file stays bytes.
 * It replaces the server's H2 unique index, which kept the key objects and had H2 serialize both sides at
 * every comparison of a B-tree search.
 *
 * <p>An insert searches each index twice, not three times: the server checks every index of the collection
 * before it stores the document (under the collection's lock), so {@link #add} puts the key once, the put
 * itself refusing a key that is there.
 */
final class UniqueIndex extends AbstractUniqueIndex<Object> {
    private final MVMap<Object, Object> map;

    UniqueIndex(MVMap<Object, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.map = map;
    }

    private static IndexKeyType.Key key(KeyValue key) {
        return new IndexKeyType.Key(ObjectDataType.serialize(key));
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
                        (KeyValue) ObjectDataType.deserialize(((IndexKeyType.Key) e.getKey()).data()), e.getValue()))
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
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
