package org.taskmix.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.zip.GZIPInputStream;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;

/** The pages of one column chunk, read whole (a chunk is one column of one row group) and decompressed. */
final class ParquetChunkPages implements PageReader {

    /** One data page, decompressed, split into its level and value sections. */
    record RawPage(int count, byte[] rep, byte[] def, byte[] values, int valuesOffset, Encoding encoding) {
    }

    private final Path file;
    private final ColumnMetaData cm;
    private final boolean repLevels;
    private final boolean defLevels;
    private final ByteArrayInputStream in;
    private DictionaryPage dictionary;
    private long valuesLeft;

    ParquetChunkPages(Path file, ColumnMetaData cm, ParquetLeaf leaf) {
        this.file = file;
        this.cm = cm;
        this.repLevels = leaf.maxRep() > 0;
        this.defLevels = leaf.maxDef() > 0;
        long start = cm.isSetDictionary_page_offset() && cm.getDictionary_page_offset() > 0
                ? Math.min(cm.getDictionary_page_offset(), cm.getData_page_offset()) : cm.getData_page_offset();
        long len = cm.getTotal_compressed_size();
        if (len > Integer.MAX_VALUE - 16) {
            throw InputException.at(file, null, "a column chunk of " + len + " bytes is too large; write smaller"
                    + " row groups");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) len);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ParquetSchema.readFully(file, ch, buf, start);
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read: " + e.getMessage());
        }
        this.in = new ByteArrayInputStream(buf.array());
        this.valuesLeft = cm.getNum_values();
        this.dictionary = null;
        peekDictionary();
    }

    private void peekDictionary() {
        if (!cm.isSetDictionary_page_offset() || cm.getDictionary_page_offset() <= 0) {
            return;
        }
        in.mark(Integer.MAX_VALUE);
        PageHeader h = header();
        if (h.getType() == PageType.DICTIONARY_PAGE) {
            byte[] raw = body(h);
            dictionary = new DictionaryPage(BytesInput.from(raw), h.getDictionary_page_header().getNum_values(),
                    encoding(h.getDictionary_page_header().getEncoding()));
        } else {
            in.reset();
        }
    }

    private PageHeader header() {
        try {
            return Util.readPageHeader(in);
        } catch (IOException e) {
            throw InputException.at(file, null, "bad Parquet page header: " + e.getMessage());
        }
    }

    private byte[] body(PageHeader h) {
        byte[] comp = new byte[h.getCompressed_page_size()];
        if (in.readNBytes(comp, 0, comp.length) != comp.length) {
            throw InputException.at(file, null, "Parquet page is truncated");
        }
        return decompress(comp, h.getUncompressed_page_size());
    }

    private byte[] decompress(byte[] comp, int size) {
        CompressionCodec codec = cm.getCodec();
        try {
            switch (codec) {
                case UNCOMPRESSED:
                    return comp;
                case SNAPPY: {
                    byte[] out = new byte[size];
                    int got = org.xerial.snappy.Snappy.uncompress(comp, 0, comp.length, out, 0);
                    check(got, size);
                    return out;
                }
                case ZSTD: {
                    byte[] out = com.github.luben.zstd.Zstd.decompress(comp, size);
                    check(out.length, size);
                    return out;
                }
                case GZIP: {
                    try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(comp))) {
                        byte[] out = gz.readAllBytes();
                        check(out.length, size);
                        return out;
                    }
                }
                default:
                    throw InputException.at(file, null, "Parquet compression " + codec + " is not supported;"
                            + " write with snappy, zstd, gzip or none");
            }
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot decompress a " + codec + " page: " + e.getMessage());
        }
    }

    private void check(int got, int size) {
        if (got != size) {
            throw InputException.at(file, null, "a Parquet page decompressed to " + got + " bytes; its header says "
                    + size);
        }
    }

    /** The next data page as raw sections, or null after the last. */
    RawPage nextRaw() {
        return nextPage((dh, raw) -> {
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            int pos = 0;
            byte[] rep = null;
            byte[] def = null;
            if (repLevels) {
                int len = b.getInt(pos);
                rep = Arrays.copyOfRange(raw, pos + 4, pos + 4 + len);
                pos += 4 + len;
            }
            if (defLevels) {
                int len = b.getInt(pos);
                def = Arrays.copyOfRange(raw, pos + 4, pos + 4 + len);
                pos += 4 + len;
            }
            return new RawPage(dh.getNum_values(), rep, def, raw, pos, encoding(dh.getEncoding()));
        }, (dh, parts) -> new RawPage(dh.getNum_values(), repLevels ? parts[0] : null, defLevels ? parts[1] : null,
                parts[2], 0, encoding(dh.getEncoding())));
    }

    /**
     * The next data page, v1 or v2, made by {@code v1} from its header and decompressed body or by
     * {@code v2} from its header and {@link #v2Sections}, counted as read; null once the chunk's
     * values are all read. The walk {@link #nextRaw} and {@link #readPage} share: index and other
     * pages carry no values, so their bodies are skipped.
     */
    private <T> T nextPage(BiFunction<DataPageHeader, byte[], T> v1, BiFunction<DataPageHeaderV2, byte[][], T> v2) {
        while (valuesLeft > 0) {
            PageHeader h = header();
            if (h.getType() == PageType.DATA_PAGE) {
                var dh = h.getData_page_header();
                byte[] raw = body(h);
                valuesLeft -= dh.getNum_values();
                return v1.apply(dh, raw);
            }
            if (h.getType() == PageType.DATA_PAGE_V2) {
                return v2.apply(h.getData_page_header_v2(), v2Sections(h));
            }
            if (in.skip(h.getCompressed_page_size()) != h.getCompressed_page_size()) {
                throw InputException.at(file, null, "Parquet page is truncated");
            }
        }
        return null;
    }

    /**
     * The body of a v2 data page (header {@code h} just read) as its repetition levels, definition
     * levels and values (decompressed; in v2 the levels are never compressed), counted as read.
     */
    private byte[][] v2Sections(PageHeader h) {
        var dh = h.getData_page_header_v2();
        byte[] all = new byte[h.getCompressed_page_size()];
        if (in.readNBytes(all, 0, all.length) != all.length) {
            throw InputException.at(file, null, "Parquet page is truncated");
        }
        int rl = dh.getRepetition_levels_byte_length();
        int dl = dh.getDefinition_levels_byte_length();
        byte[] data = Arrays.copyOfRange(all, rl + dl, all.length);
        if (!dh.isSetIs_compressed() || dh.isIs_compressed()) {
            data = decompress(data, h.getUncompressed_page_size() - rl - dl);
        }
        valuesLeft -= dh.getNum_values();
        return new byte[][] {Arrays.copyOfRange(all, 0, rl), Arrays.copyOfRange(all, rl, rl + dl), data};
    }

    @Override
    public DictionaryPage readDictionaryPage() {
        return dictionary;
    }

    @Override
    public long getTotalValueCount() {
        return cm.getNum_values();
    }

    @Override
    public DataPage readPage() {
        return nextPage((dh, raw) -> new DataPageV1(BytesInput.from(raw), dh.getNum_values(), raw.length, null,
                        encoding(dh.getRepetition_level_encoding()), encoding(dh.getDefinition_level_encoding()),
                        encoding(dh.getEncoding())),
                (dh, parts) -> DataPageV2.uncompressed(dh.getNum_rows(), dh.getNum_nulls(), dh.getNum_values(),
                        BytesInput.from(parts[0]), BytesInput.from(parts[1]), encoding(dh.getEncoding()),
                        BytesInput.from(parts[2]), null));
    }

    static Encoding encoding(org.apache.parquet.format.Encoding e) {
        return Encoding.valueOf(e.name());
    }
}
