package org.taskmix.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.apache.parquet.VersionParser;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Types;
import org.taskmix.catalog.RowSource;

/**
 * Streams embeddings from a Parquet file, one row group at a time, into a
 * {@link RowSource.Sink}. Layouts (docs/formats.md, "Sample files (NPY, NPZ, CSV, Parquet) and
 * manifests"):
 * <ul>
 *   <li>one list column (Arrow {@code list<float>} or {@code fixed_size_list<float, d>}; Hugging
 *       Face, Spark, DuckDB and pandas/pyarrow write these) holding each row's vector;</li>
 *   <li>one numeric column per dimension (named {@code PREFIX0 … PREFIX(d−1)}, or every numeric
 *       column but the task column).</li>
 * </ul>
 * Values may be float16 ({@code FIXED_LEN_BYTE_ARRAY(2)} with the FLOAT16 logical type), float32
 * or float64. An optional task column (string or integer) keeps only the rows of one task, so one
 * table can hold many tasks.
 *
 * <p>Why this reader: parquet-java's page and value decoding (its column layer: every encoding,
 * dictionary pages, repetition/definition levels) is used as is, but the file is read by our own
 * page reader over a {@link FileChannel}, so no Hadoop classes are needed (parquet-hadoop links
 * against them even for local files). Codecs: uncompressed, Snappy, GZIP, ZSTD.
 */
public final class ParquetSamples implements RowSource {

    /** Rows per block handed to the sink. */
    private static final int BLOCK_ROWS = 1024;

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    /** A leaf column of the schema with its levels. */
    private record Leaf(String[] path, SchemaElement element, int maxRep, int maxDef, int index) {
        String dotted() {
            return String.join(".", path);
        }

        boolean numeric() {
            Type t = element.getType();
            return t == Type.FLOAT || t == Type.DOUBLE || isHalf();
        }

        boolean isHalf() {
            return element.getType() == Type.FIXED_LEN_BYTE_ARRAY && element.getType_length() == 2
                    && element.isSetLogicalType() && element.getLogicalType().isSetFLOAT16();
        }

        ColumnDescriptor descriptor() {
            PrimitiveType.PrimitiveTypeName name = switch (element.getType()) {
                case FLOAT -> PrimitiveType.PrimitiveTypeName.FLOAT;
                case DOUBLE -> PrimitiveType.PrimitiveTypeName.DOUBLE;
                case INT32 -> PrimitiveType.PrimitiveTypeName.INT32;
                case INT64 -> PrimitiveType.PrimitiveTypeName.INT64;
                case BYTE_ARRAY -> PrimitiveType.PrimitiveTypeName.BINARY;
                case FIXED_LEN_BYTE_ARRAY -> PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
                default -> throw new IllegalStateException("unsupported type " + element.getType());
            };
            PrimitiveType type = name == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
                    ? Types.optional(name).length(element.getType_length()).named(path[path.length - 1])
                    : Types.optional(name).named(path[path.length - 1]);
            return new ColumnDescriptor(path, type, maxRep, maxDef);
        }
    }

    private final Path file;
    private final String label;
    private final FileMetaData meta;
    private final VersionParser.ParsedVersion writer;
    private final List<Leaf> values;
    private final boolean listMode;
    private final Leaf taskLeaf;
    private final String taskValue;
    private final int dim;
    private final long rows;

    private ParquetSamples(Path file, String label, FileMetaData meta, List<Leaf> values, boolean listMode,
                           Leaf taskLeaf, String taskValue, int dim, long rows) {
        this.file = file;
        this.label = label;
        this.meta = meta;
        VersionParser.ParsedVersion v;
        try {
            v = meta.isSetCreated_by() ? VersionParser.parse(meta.getCreated_by()) : null;
        } catch (RuntimeException | VersionParser.VersionParseException e) {
            v = null;
        }
        this.writer = v;
        this.values = values;
        this.listMode = listMode;
        this.taskLeaf = taskLeaf;
        this.taskValue = taskValue;
        this.dim = dim;
        this.rows = rows;
    }

    /**
     * Opens {@code file}, reads its footer and picks the embedding column(s).
     *
     * @param column     the list column, or the prefix of the per-dimension columns; null to pick
     *                   the only list column, or else every numeric column
     * @param taskColumn column naming each row's task, or null for all rows
     * @param taskValue  the value of {@code taskColumn} to keep
     * @throws InputException naming the file and the rule broken
     */
    public static ParquetSamples open(Path file, String column, String taskColumn, String taskValue) {
        FileMetaData meta = footer(file);
        List<Leaf> leaves = leaves(file, meta.getSchema());
        Leaf taskLeaf = null;
        if (taskColumn != null) {
            for (Leaf l : leaves) {
                if (l.dotted().equals(taskColumn) && l.maxRep == 0) {
                    taskLeaf = l;
                }
            }
            if (taskLeaf == null) {
                throw InputException.at(file, null, "has no task column \"" + taskColumn + "\"; its columns are "
                        + names(leaves));
            }
            Type t = taskLeaf.element.getType();
            if (t != Type.BYTE_ARRAY && t != Type.INT32 && t != Type.INT64) {
                throw InputException.at(file, null, "task column \"" + taskColumn + "\" has type " + t
                        + "; a task column must hold strings or integers");
            }
        }
        List<Leaf> lists = new ArrayList<>();
        for (Leaf l : leaves) {
            if (l.maxRep == 1 && (column == null || l.path[0].equals(column))) {
                lists.add(l);
            }
        }
        List<Leaf> picked;
        boolean listMode;
        if (lists.size() == 1 && (column != null || leaves.stream().filter(l -> l.maxRep > 0).count() == 1)) {
            picked = lists;
            listMode = true;
            if (!lists.get(0).numeric()) {
                throw InputException.at(file, null, "column \"" + lists.get(0).dotted() + "\" holds "
                        + typeName(lists.get(0)) + "; embeddings must be float16, float32 or float64");
            }
        } else if (column != null && !lists.isEmpty()) {
            throw InputException.at(file, null, "column \"" + column + "\" is nested more than one list deep;"
                    + " expected a list of numbers per row");
        } else {
            picked = perDimension(file, leaves, column, taskLeaf);
            listMode = false;
        }
        long total = 0;
        for (RowGroup g : meta.getRow_groups()) {
            total += g.getNum_rows();
        }
        String label = file.toString();
        ParquetSamples p = new ParquetSamples(file, label, meta, picked, listMode, taskLeaf, taskValue,
                listMode ? -1 : picked.size(), taskLeaf == null ? total : -1);
        int d = listMode ? p.firstListLength() : picked.size();
        return new ParquetSamples(file, label, meta, picked, listMode, taskLeaf, taskValue, d,
                taskLeaf == null ? total : -1);
    }

    private static List<Leaf> perDimension(Path file, List<Leaf> leaves, String prefix, Leaf taskLeaf) {
        List<Leaf> out = new ArrayList<>();
        if (prefix != null) {
            Pattern p = Pattern.compile(Pattern.quote(prefix) + "_?(\\d+)");
            List<long[]> order = new ArrayList<>();
            for (Leaf l : leaves) {
                Matcher m = p.matcher(l.dotted());
                if (l.maxRep == 0 && m.matches()) {
                    out.add(l);
                    order.add(new long[] {Long.parseLong(m.group(1)), out.size() - 1});
                }
            }
            if (out.isEmpty()) {
                throw InputException.at(file, null, "has no column \"" + prefix + "\" (a list) nor columns \"" + prefix
                        + "0\", \"" + prefix + "1\", … (one per dimension); its columns are " + names(leaves));
            }
            order.sort(Comparator.comparingLong(a -> a[0]));
            List<Leaf> sorted = new ArrayList<>();
            for (long[] o : order) {
                sorted.add(out.get((int) o[1]));
            }
            out = sorted;
        } else {
            for (Leaf l : leaves) {
                if (l.maxRep == 0 && l != taskLeaf && l.numeric()) {
                    out.add(l);
                }
            }
            if (out.isEmpty()) {
                throw InputException.at(file, null, "has no float16/float32/float64 column to read as an embedding;"
                        + " its columns are " + names(leaves));
            }
        }
        for (Leaf l : out) {
            if (!l.numeric()) {
                throw InputException.at(file, null, "column \"" + l.dotted() + "\" holds " + typeName(l)
                        + "; embeddings must be float16, float32 or float64");
            }
        }
        return out;
    }

    private static String typeName(Leaf l) {
        return l.element.getType().name().toLowerCase(Locale.ROOT);
    }

    private static String names(List<Leaf> leaves) {
        List<String> n = new ArrayList<>();
        for (Leaf l : leaves) {
            n.add(l.dotted());
        }
        return n.toString();
    }

    private static FileMetaData footer(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 12) {
                throw InputException.at(file, null, "not a Parquet file (" + size + " bytes; too short)");
            }
            ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(file, ch, tail, size - 8);
            tail.flip();
            int len = tail.getInt();
            byte[] magic = new byte[4];
            tail.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw InputException.at(file, null, "not a Parquet file (it does not end with PAR1)");
            }
            if (len <= 0 || len > size - 12) {
                throw InputException.at(file, null, "Parquet footer length " + len + " does not fit the file");
            }
            ByteBuffer f = ByteBuffer.allocate(len);
            readFully(file, ch, f, size - 8 - len);
            return Util.readFileMetaData(new ByteArrayInputStream(f.array()));
        } catch (NoSuchFileException e) {
            throw InputException.at(file, null, "no such file");
        } catch (IOException e) {
            throw InputException.at(file, null, "cannot read the Parquet footer: " + e.getMessage());
        }
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int got = ch.read(buf, pos);
            if (got < 0) {
                throw InputException.at(file, null, "file is truncated at byte " + pos);
            }
            pos += got;
        }
    }

    /** Flattens the depth-first schema list into leaves with their repetition and definition levels. */
    private static List<Leaf> leaves(Path file, List<SchemaElement> schema) {
        List<Leaf> out = new ArrayList<>();
        int[] next = {1};
        int children = schema.get(0).getNum_children();
        for (int c = 0; c < children; c++) {
            walk(file, schema, next, new ArrayList<>(), 0, 0, out);
        }
        return out;
    }

    private static void walk(Path file, List<SchemaElement> schema, int[] next, List<String> path, int rep, int def,
                             List<Leaf> out) {
        if (next[0] >= schema.size()) {
            throw InputException.at(file, null, "Parquet schema is truncated");
        }
        SchemaElement e = schema.get(next[0]++);
        FieldRepetitionType r = e.isSetRepetition_type() ? e.getRepetition_type() : FieldRepetitionType.REQUIRED;
        int myRep = rep + (r == FieldRepetitionType.REPEATED ? 1 : 0);
        int myDef = def + (r == FieldRepetitionType.REQUIRED ? 0 : 1);
        List<String> p = new ArrayList<>(path);
        p.add(e.getName());
        if (e.isSetNum_children() && e.getNum_children() > 0) {
            for (int c = 0; c < e.getNum_children(); c++) {
                walk(file, schema, next, p, myRep, myDef, out);
            }
        } else {
            out.add(new Leaf(p.toArray(new String[0]), e, myRep, myDef, out.size()));
        }
    }

    private int firstListLength() {
        for (RowGroup g : meta.getRow_groups()) {
            if (g.getNum_rows() == 0) {
                continue;
            }
            ColumnReader r = reader(g, values.get(0));
            int len = 0;
            long total = r.getTotalValueCount();
            for (long i = 0; i < total; i++) {
                if (i > 0 && r.getCurrentRepetitionLevel() == 0) {
                    break;
                }
                if (r.getCurrentDefinitionLevel() == values.get(0).maxDef) {
                    len++;
                    r.skip();
                }
                r.consume();
            }
            if (len == 0) {
                throw InputException.at(file, null, "row 0 of column \"" + values.get(0).dotted() + "\" is null or"
                        + " empty; every row needs its embedding");
            }
            return len;
        }
        throw InputException.at(file, null, "has no rows");
    }

    /** The column read as the embedding (list) or its first column (per dimension). */
    public String column() {
        return listMode ? values.get(0).dotted() : values.get(0).dotted() + " .. " + values.get(values.size() - 1).dotted();
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void readAll(Sink sink) {
        boolean f64 = values.get(0).element.getType() == Type.DOUBLE;
        for (Leaf l : values) {
            f64 &= l.element.getType() == Type.DOUBLE;
        }
        float[] fblock = f64 ? null : new float[BLOCK_ROWS * dim];
        double[] dblock = f64 ? new double[BLOCK_ROWS * dim] : null;
        int k = 0;
        long rowBase = 0;
        for (RowGroup g : meta.getRow_groups()) {
            long n = g.getNum_rows();
            boolean[] keep = taskLeaf == null ? null : taskMask(g, n);
            if (listMode && fastList(g, values.get(0), keep, rowBase, fblock, dblock, sink, k) >= 0) {
                k = lastK;
            } else if (listMode) {
                Leaf leaf = values.get(0);
                ColumnReader r = reader(g, leaf);
                long total = r.getTotalValueCount();
                long row = -1;
                int filled = 0;
                boolean kept = false;
                for (long i = 0; i < total; i++) {
                    if (r.getCurrentRepetitionLevel() == 0) {
                        if (row >= 0 && kept) {
                            checkLength(rowBase + row, filled);
                            if (++k == BLOCK_ROWS) {
                                k = flush(sink, fblock, dblock, k);
                            }
                        }
                        row++;
                        filled = 0;
                        kept = keep == null || keep[(int) row];
                    }
                    int def = r.getCurrentDefinitionLevel();
                    if (def == leaf.maxDef) {
                        if (kept) {
                            if (filled >= dim) {
                                checkLength(rowBase + row, filled + 1);
                            }
                            put(r, leaf, fblock, dblock, k * dim + filled);
                        } else {
                            r.skip();
                        }
                        filled++;
                    } else if (kept) {
                        throw InputException.at(file, null, "row " + (rowBase + row) + " of column \"" + leaf.dotted()
                                + "\" is null or holds a null value; embeddings must be complete");
                    }
                    r.consume();
                }
                if (row >= 0 && kept) {
                    checkLength(rowBase + row, filled);
                    if (++k == BLOCK_ROWS) {
                        k = flush(sink, fblock, dblock, k);
                    }
                }
            } else {
                ColumnReader[] rs = new ColumnReader[dim];
                for (int c = 0; c < dim; c++) {
                    rs[c] = reader(g, values.get(c));
                }
                for (long row = 0; row < n; row++) {
                    boolean kept = keep == null || keep[(int) row];
                    for (int c = 0; c < dim; c++) {
                        ColumnReader r = rs[c];
                        Leaf leaf = values.get(c);
                        if (r.getCurrentDefinitionLevel() != leaf.maxDef) {
                            if (kept) {
                                throw InputException.at(file, null, "row " + (rowBase + row) + ", column \""
                                        + leaf.dotted() + "\" is null; embeddings must be complete");
                            }
                        } else if (kept) {
                            put(r, leaf, fblock, dblock, k * dim + c);
                        } else {
                            r.skip(); // a value not read must be skipped, or the next read returns it
                        }
                        r.consume();
                    }
                    if (kept && ++k == BLOCK_ROWS) {
                        k = flush(sink, fblock, dblock, k);
                    }
                }
            }
            rowBase += n;
        }
        flush(sink, fblock, dblock, k);
    }

    /** Rows left in the block after {@link #fastList}. */
    private int lastK;

    /**
     * The fast path for a list column: pages are decoded in bulk (levels by parquet-java's
     * RLE/bit-packing decoder into int arrays, PLAIN or dictionary values straight into a float or
     * double array) instead of one {@link ColumnReader} call per value, which costs ~10x more at
     * d = 768. Returns -1, having read nothing, when the chunk uses another value encoding, so the
     * caller falls back to the general reader.
     */
    private int fastList(RowGroup g, Leaf leaf, boolean[] keep, long rowBase, float[] fblock, double[] dblock, Sink sink,
                         int k0) {
        ColumnMetaData cm = g.getColumns().get(leaf.index).getMeta_data();
        for (org.apache.parquet.format.Encoding e : cm.getEncodings()) {
            switch (e) {
                case PLAIN, PLAIN_DICTIONARY, RLE_DICTIONARY, RLE, BIT_PACKED -> {
                }
                default -> {
                    return -1;
                }
            }
        }
        ChunkPages pages = new ChunkPages(cm, leaf);
        int item = leaf.isHalf() ? 2 : leaf.element.getType() == Type.FLOAT ? 4 : 8;
        double[] dict = null;
        if (pages.dictionary != null) {
            try {
                ByteBuffer db = ByteBuffer.wrap(pages.dictionary.getBytes().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
                dict = new double[pages.dictionary.getDictionarySize()];
                for (int i = 0; i < dict.length; i++) {
                    dict[i] = readValue(db, i * item, item);
                }
            } catch (IOException | IndexOutOfBoundsException e) {
                throw InputException.at(file, null, "bad Parquet dictionary page: " + e.getMessage());
            }
        }
        int k = k0;
        long row = -1;
        int filled = 0;
        boolean kept = false;
        int repBits = 32 - Integer.numberOfLeadingZeros(leaf.maxRep);
        int defBits = 32 - Integer.numberOfLeadingZeros(leaf.maxDef);
        for (RawPage pg = pages.nextRaw(); pg != null; pg = pages.nextRaw()) {
            int n = pg.count;
            int[] rep = levels(pg.rep, repBits, n);
            int[] def = levels(pg.def, defBits, n);
            ByteBuffer vb = ByteBuffer.wrap(pg.values, pg.valuesOffset, pg.values.length - pg.valuesOffset)
                    .order(ByteOrder.LITTLE_ENDIAN);
            int[] idx = null;
            if (pg.encoding == Encoding.PLAIN_DICTIONARY || pg.encoding == Encoding.RLE_DICTIONARY) {
                if (dict == null) {
                    throw InputException.at(file, null, "a dictionary-encoded Parquet page has no dictionary");
                }
                int present = 0;
                for (int i = 0; i < n; i++) {
                    present += def == null || def[i] == leaf.maxDef ? 1 : 0;
                }
                int width = pg.values.length > pg.valuesOffset ? pg.values[pg.valuesOffset] & 0xff : 0;
                idx = levels(Arrays.copyOfRange(pg.values, pg.valuesOffset + 1, pg.values.length), width, present);
            } else if (pg.encoding != Encoding.PLAIN) {
                throw InputException.at(file, null, "Parquet value encoding " + pg.encoding + " changed inside a column");
            }
            int v = 0;
            int pos = pg.valuesOffset;
            for (int i = 0; i < n; i++) {
                if (rep == null || rep[i] == 0) {
                    if (row >= 0 && kept) {
                        checkLength(rowBase + row, filled);
                        if (++k == BLOCK_ROWS) {
                            k = flush(sink, fblock, dblock, k);
                        }
                    }
                    row++;
                    filled = 0;
                    kept = keep == null || keep[(int) row];
                }
                if (def == null || def[i] == leaf.maxDef) {
                    if (kept) {
                        if (filled >= dim) {
                            checkLength(rowBase + row, filled + 1);
                        }
                        double x;
                        if (idx != null) {
                            int j = idx[v];
                            if (j < 0 || j >= dict.length) {
                                throw InputException.at(file, null, "Parquet dictionary index " + j + " is out of range");
                            }
                            x = dict[j];
                        } else {
                            x = readValue(vb, pos, item);
                        }
                        if (dblock != null) {
                            dblock[k * dim + filled] = x;
                        } else {
                            fblock[k * dim + filled] = (float) x;
                        }
                    }
                    v++;
                    pos += item;
                    filled++;
                } else if (kept) {
                    throw InputException.at(file, null, "row " + (rowBase + row) + " of column \"" + leaf.dotted()
                            + "\" is null or holds a null value; embeddings must be complete");
                }
            }
        }
        if (row >= 0 && kept) {
            checkLength(rowBase + row, filled);
            if (++k == BLOCK_ROWS) {
                k = flush(sink, fblock, dblock, k);
            }
        }
        lastK = k;
        return 0;
    }

    private static double readValue(ByteBuffer b, int pos, int item) {
        return switch (item) {
            case 2 -> Float16.toFloat(b.getShort(pos));
            case 4 -> b.getFloat(pos);
            default -> b.getDouble(pos);
        };
    }

    private int[] levels(byte[] encoded, int bitWidth, int n) {
        if (encoded == null || bitWidth == 0) {
            return null;
        }
        int[] out = new int[n];
        try {
            org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder dec =
                    new org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder(bitWidth,
                            new ByteArrayInputStream(encoded));
            for (int i = 0; i < n; i++) {
                out[i] = dec.readInt();
            }
        } catch (IOException | RuntimeException e) {
            throw InputException.at(file, null, "bad Parquet levels or dictionary indices: " + e.getMessage());
        }
        return out;
    }

    /** One data page, decompressed, split into its level and value sections. */
    private record RawPage(int count, byte[] rep, byte[] def, byte[] values, int valuesOffset, Encoding encoding) {
    }

    private void checkLength(long row, int len) {
        if (len != dim) {
            throw InputException.at(file, null, "row " + row + " of column \"" + values.get(0).dotted() + "\" has "
                    + len + " values but row 0 has " + dim + "; every embedding must have one dimension");
        }
    }

    private static void put(ColumnReader r, Leaf leaf, float[] fblock, double[] dblock, int at) {
        if (dblock != null) {
            dblock[at] = r.getDouble();
        } else if (leaf.isHalf()) {
            byte[] b = r.getBinary().getBytesUnsafe();
            fblock[at] = Float16.toFloat((b[0] & 0xff) | (b[1] & 0xff) << 8);
        } else if (leaf.element.getType() == Type.DOUBLE) {
            fblock[at] = (float) r.getDouble();
        } else {
            fblock[at] = r.getFloat();
        }
    }

    private static int flush(Sink sink, float[] fblock, double[] dblock, int k) {
        if (k > 0) {
            if (dblock != null) {
                sink.accept(dblock, k);
            } else {
                sink.accept(fblock, k);
            }
        }
        return 0;
    }

    private boolean[] taskMask(RowGroup g, long n) {
        boolean[] keep = new boolean[(int) n];
        ColumnReader r = reader(g, taskLeaf);
        Type t = taskLeaf.element.getType();
        for (int row = 0; row < n; row++) {
            if (r.getCurrentDefinitionLevel() == taskLeaf.maxDef) {
                String v = switch (t) {
                    case BYTE_ARRAY -> r.getBinary().toStringUsingUTF8();
                    case INT32 -> String.valueOf(r.getInteger());
                    default -> String.valueOf(r.getLong());
                };
                keep[row] = v.equals(taskValue);
            }
            r.consume();
        }
        return keep;
    }

    private ColumnReader reader(RowGroup g, Leaf leaf) {
        ColumnChunk chunk = g.getColumns().get(leaf.index);
        ColumnMetaData cm = chunk.getMeta_data();
        return new ColumnReaderImpl(leaf.descriptor(), new ChunkPages(cm, leaf), new PrimitiveConverter() {
        }, writer);
    }

    /** The pages of one column chunk, read whole (a chunk is one column of one row group) and decompressed. */
    private final class ChunkPages implements PageReader {
        private final ColumnMetaData cm;
        private final boolean repLevels;
        private final boolean defLevels;
        private final ByteArrayInputStream in;
        private DictionaryPage dictionary;
        private long valuesLeft;

        ChunkPages(ColumnMetaData cm, Leaf leaf) {
            this.cm = cm;
            this.repLevels = leaf.maxRep > 0;
            this.defLevels = leaf.maxDef > 0;
            long start = cm.isSetDictionary_page_offset() && cm.getDictionary_page_offset() > 0
                    ? Math.min(cm.getDictionary_page_offset(), cm.getData_page_offset()) : cm.getData_page_offset();
            long len = cm.getTotal_compressed_size();
            if (len > Integer.MAX_VALUE - 16) {
                throw InputException.at(file, null, "a column chunk of " + len + " bytes is too large; write smaller"
                        + " row groups");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) len);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                readFully(file, ch, buf, start);
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
            if (h.getType() == org.apache.parquet.format.PageType.DICTIONARY_PAGE) {
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
            while (valuesLeft > 0) {
                PageHeader h = header();
                switch (h.getType()) {
                    case DATA_PAGE: {
                        var dh = h.getData_page_header();
                        byte[] raw = body(h);
                        valuesLeft -= dh.getNum_values();
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
                    }
                    case DATA_PAGE_V2: {
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
                        return new RawPage(dh.getNum_values(), repLevels ? Arrays.copyOfRange(all, 0, rl) : null,
                                defLevels ? Arrays.copyOfRange(all, rl, rl + dl) : null, data, 0, encoding(dh.getEncoding()));
                    }
                    default:
                        if (in.skip(h.getCompressed_page_size()) != h.getCompressed_page_size()) {
                            throw InputException.at(file, null, "Parquet page is truncated");
                        }
                }
            }
            return null;
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
            while (valuesLeft > 0) {
                PageHeader h = header();
                switch (h.getType()) {
                    case DATA_PAGE: {
                        var dh = h.getData_page_header();
                        byte[] raw = body(h);
                        valuesLeft -= dh.getNum_values();
                        return new DataPageV1(BytesInput.from(raw), dh.getNum_values(), raw.length, null,
                                encoding(dh.getRepetition_level_encoding()), encoding(dh.getDefinition_level_encoding()),
                                encoding(dh.getEncoding()));
                    }
                    case DATA_PAGE_V2: {
                        var dh = h.getData_page_header_v2();
                        byte[] all = new byte[h.getCompressed_page_size()];
                        if (in.readNBytes(all, 0, all.length) != all.length) {
                            throw InputException.at(file, null, "Parquet page is truncated");
                        }
                        int rl = dh.getRepetition_levels_byte_length();
                        int dl = dh.getDefinition_levels_byte_length();
                        byte[] data = Arrays.copyOfRange(all, rl + dl, all.length);
                        boolean compressed = !dh.isSetIs_compressed() || dh.isIs_compressed();
                        if (compressed) {
                            data = decompress(data, h.getUncompressed_page_size() - rl - dl);
                        }
                        valuesLeft -= dh.getNum_values();
                        return DataPageV2.uncompressed(dh.getNum_rows(), dh.getNum_nulls(), dh.getNum_values(),
                                BytesInput.from(Arrays.copyOfRange(all, 0, rl)),
                                BytesInput.from(Arrays.copyOfRange(all, rl, rl + dl)), encoding(dh.getEncoding()),
                                BytesInput.from(data), null);
                    }
                    default:
                        // Index and other pages carry no values: skip their bodies.
                        if (in.skip(h.getCompressed_page_size()) != h.getCompressed_page_size()) {
                            throw InputException.at(file, null, "Parquet page is truncated");
                        }
                }
            }
            return null;
        }
    }

    private static Encoding encoding(org.apache.parquet.format.Encoding e) {
        return Encoding.valueOf(e.name());
    }
}
