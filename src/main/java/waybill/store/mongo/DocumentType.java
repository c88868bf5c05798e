package waybill.store.mongo;

import static java.nio.charset.StandardCharsets.UTF_8;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Map;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the embedded server's documents and ids are written in its file: a document as BSON, by the server's
 * own codec (so it reads back as the wire would give it: what a find answers), and a string (a collection's
 * _id keys, an index's positions) as its UTF-8 bytes, each under a tag H2's default type never writes. H2's
 * default type writes each document with Java serialization (a new stream and every class descriptor per
 * document) and each string char by char, and a commit writes again every key and document of each page a
 * write changed (docs/benchmarks.md, "Documents and ids as bytes"). Strings order as H2 orders them. A
 * string UTF-8 would not give back (a lone surrogate), and a document holding a value BSON has no type for
 * (none the wire brings), are written as H2 writes them. What an earlier version wrote
 * reads as before: its file opens, its pages converted as they are rewritten.
 */
public final class DocumentType extends ObjectDataType {
    /** Not among {@link ObjectDataType}'s tags (0–14, 19, 32–49, 64–119). */
    private static final byte BSON = 127, UTF8 = 126;

    /**
     * A document's weight in the page cache, as H2's default type estimates a serialized object: twice its
     * bytes, averaged over those written and read. Left at its start, pages read after a restart would each
     * weigh several times what they hold, and the cache would keep a fraction of the pages it has room for.
     */
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
        if (obj instanceof Document document) {
            ByteBuf bson = Unpooled.buffer(averageSize / 2);
            try {
                BsonEncoder.encodeDocument(document, bson);
                buff.put(BSON).put(bson.nioBuffer());
                estimate(bson.readableBytes());
                return;
            } catch (IllegalArgumentException notBson) { // a value the wire has no type for: H2's own
            }
        }
        byte[] utf8 = obj instanceof String s ? s.getBytes(UTF_8) : null;
        if (utf8 != null && new String(utf8, UTF_8).equals(obj)) {
            buff.put(UTF8).putVarInt(utf8.length).put(utf8);
            return;
        }
        super.write(buff, obj);
    }

    /** A document of {@code bytes} was written or read: the moving average H2's own type keeps too. */
    private void estimate(int bytes) {
        averageSize = (int) ((2L * bytes + 15L * averageSize) / 16);
    }

    @Override
    public Object read(ByteBuffer buff) {
        int at = buff.position();
        switch (buff.get(at)) {
            case BSON -> {
                ByteBuf bson = Unpooled.wrappedBuffer(buff.position(at + 1));
                Document document = BsonDecoder.decodeBson(bson);
                buff.position(at + 1 + bson.readerIndex());
                estimate(bson.readerIndex()); // pages read after a start are weighed as they are
                return document;
            }
            case UTF8 -> {
                int length = DataUtils.readVarInt(buff.position(at + 1));
                byte[] utf8 = new byte[length];
                buff.get(utf8);
                return new String(utf8, UTF_8);
            }
            default -> {
                return super.read(buff);
            }
        }
    }
}
