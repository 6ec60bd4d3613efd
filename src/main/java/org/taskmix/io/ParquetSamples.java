package org.taskmix.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.VersionParser;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Type;
import org.apache.parquet.io.api.PrimitiveConverter;
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

        private final Path file;
    private final String label;
    private final FileMetaData meta;
    private final VersionParser.ParsedVersion writer;
    private final List<ParquetLeaf> values;
    private final boolean listMode;
    private final ParquetLeaf taskLeaf;
    private final String taskValue;
    private final int dim;
    private final long rows;

    private ParquetSamples(Path file, String label, FileMetaData meta, List<ParquetLeaf> values, boolean listMode,
                           ParquetLeaf taskLeaf, String taskValue, int dim, long rows) {
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
        FileMetaData meta = ParquetSchema.footer(file);
        List<ParquetLeaf> leaves = ParquetSchema.leaves(file, meta.getSchema());
        ParquetLeaf taskLeaf = null;
        if (taskColumn != null) {
            for (ParquetLeaf l : leaves) {
                if (l.dotted().equals(taskColumn) && l.maxRep() == 0) {
                    taskLeaf = l;
                }
            }
            if (taskLeaf == null) {
                throw InputException.at(file, null, "has no task column \"" + taskColumn + "\"; its columns are "
                        + ParquetSchema.names(leaves));
            }
            Type t = taskLeaf.element().getType();
            if (t != Type.BYTE_ARRAY && t != Type.INT32 && t != Type.INT64) {
                throw InputException.at(file, null, "task column \"" + taskColumn + "\" has type " + t
                        + "; a task column must hold strings or integers");
            }
        }
        List<ParquetLeaf> lists = new ArrayList<>();
        for (ParquetLeaf l : leaves) {
            if (l.maxRep() == 1 && (column == null || l.path()[0].equals(column))) {
                lists.add(l);
            }
        }
        List<ParquetLeaf> picked;
        boolean listMode;
        if (lists.size() == 1 && (column != null || leaves.stream().filter(l -> l.maxRep() > 0).count() == 1)) {
            picked = lists;
            listMode = true;
            if (!lists.get(0).numeric()) {
                throw InputException.at(file, null, "column \"" + lists.get(0).dotted() + "\" holds "
                        + ParquetSchema.typeName(lists.get(0)) + "; embeddings must be float16, float32 or float64");
            }
        } else if (column != null && !lists.isEmpty()) {
            throw InputException.at(file, null, "column \"" + column + "\" is nested more than one list deep;"
                    + " expected a list of numbers per row");
        } else {
            picked = ParquetSchema.perDimension(file, leaves, column, taskLeaf);
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
                if (r.getCurrentDefinitionLevel() == values.get(0).maxDef()) {
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
        boolean f64 = values.get(0).element().getType() == Type.DOUBLE;
        for (ParquetLeaf l : values) {
            f64 &= l.element().getType() == Type.DOUBLE;
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
                ParquetLeaf leaf = values.get(0);
                ColumnReader r = reader(g, leaf);
                long total = r.getTotalValueCount();
                long row = -1;
                int filled = 0;
                boolean kept = false;
                for (long i = 0; i < total; i++) {
                    if (r.getCurrentRepetitionLevel() == 0) {
                        k = endRow(row, kept, rowBase, filled, sink, fblock, dblock, k);
                        row++;
                        filled = 0;
                        kept = keep == null || keep[(int) row];
                    }
                    int def = r.getCurrentDefinitionLevel();
                    if (def == leaf.maxDef()) {
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
                        throw nullValue(rowBase + row, leaf);
                    }
                    r.consume();
                }
                k = endRow(row, kept, rowBase, filled, sink, fblock, dblock, k);
            } else {
                k = readColumns(g, n, keep, rowBase, fblock, dblock, sink, k);
            }
            rowBase += n;
        }
        flush(sink, fblock, dblock, k);
    }

    /**
     * One row group of the per-dimension layout (one column per dimension) into the block, which
     * holds {@code k} rows on entry; returns the rows it holds on exit.
     */
    private int readColumns(RowGroup g, long n, boolean[] keep, long rowBase, float[] fblock, double[] dblock, Sink sink,
                            int k) {
        ColumnReader[] rs = new ColumnReader[dim];
        for (int c = 0; c < dim; c++) {
            rs[c] = reader(g, values.get(c));
        }
        for (long row = 0; row < n; row++) {
            boolean kept = keep == null || keep[(int) row];
            for (int c = 0; c < dim; c++) {
                ColumnReader r = rs[c];
                ParquetLeaf leaf = values.get(c);
                if (r.getCurrentDefinitionLevel() != leaf.maxDef()) {
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
        return k;
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
    private int fastList(RowGroup g, ParquetLeaf leaf, boolean[] keep, long rowBase, float[] fblock, double[] dblock, Sink sink,
                         int k0) {
        ColumnMetaData cm = g.getColumns().get(leaf.index()).getMeta_data();
        if (!ParquetPageDecoding.bulkDecodable(cm)) {
            return -1;
        }
        ParquetChunkPages pages = new ParquetChunkPages(file, cm, leaf);
        int item = leaf.isHalf() ? 2 : leaf.element().getType() == Type.FLOAT ? 4 : 8;
        double[] dict = ParquetPageDecoding.dictionary(file, pages, item);
        int k = k0;
        long row = -1;
        int filled = 0;
        boolean kept = false;
        int repBits = 32 - Integer.numberOfLeadingZeros(leaf.maxRep());
        int defBits = 32 - Integer.numberOfLeadingZeros(leaf.maxDef());
        for (ParquetChunkPages.RawPage pg = pages.nextRaw(); pg != null; pg = pages.nextRaw()) {
            int n = pg.count();
            int[] rep = ParquetPageDecoding.levels(file, pg.rep(), repBits, n);
            int[] def = ParquetPageDecoding.levels(file, pg.def(), defBits, n);
            ByteBuffer vb = ByteBuffer.wrap(pg.values(), pg.valuesOffset(), pg.values().length - pg.valuesOffset())
                    .order(ByteOrder.LITTLE_ENDIAN);
            int[] idx = ParquetPageDecoding.dictionaryIndices(file, pg, def, leaf, dict != null);
            int v = 0;
            int pos = pg.valuesOffset();
            for (int i = 0; i < n; i++) {
                if (rep == null || rep[i] == 0) {
                    k = endRow(row, kept, rowBase, filled, sink, fblock, dblock, k);
                    row++;
                    filled = 0;
                    kept = keep == null || keep[(int) row];
                }
                if (def == null || def[i] == leaf.maxDef()) {
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
                            x = ParquetPageDecoding.readValue(vb, pos, item);
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
                    throw nullValue(rowBase + row, leaf);
                }
            }
        }
        k = endRow(row, kept, rowBase, filled, sink, fblock, dblock, k);
        lastK = k;
        return 0;
    }

    /**
     * Closes list row {@code row} of the row group at {@code rowBase}, if one is open ({@code row >= 0})
     * and kept: checks its {@code filled} length and counts it into the block, handing a full block
     * on. Both list paths (general and {@link #fastList}) close rows here. Returns the rows the block holds.
     */
    private int endRow(long row, boolean kept, long rowBase, int filled, Sink sink, float[] fblock, double[] dblock,
                       int k) {
        if (row >= 0 && kept) {
            checkLength(rowBase + row, filled);
            if (++k == BLOCK_ROWS) {
                k = flush(sink, fblock, dblock, k);
            }
        }
        return k;
    }

    /** The failure for a kept list row holding a null (or being null) at absolute row {@code row}. */
    private InputException nullValue(long row, ParquetLeaf leaf) {
        return InputException.at(file, null, "row " + row + " of column \"" + leaf.dotted()
                + "\" is null or holds a null value; embeddings must be complete");
    }

    private void checkLength(long row, int len) {
        if (len != dim) {
            throw InputException.at(file, null, "row " + row + " of column \"" + values.get(0).dotted() + "\" has "
                    + len + " values but row 0 has " + dim + "; every embedding must have one dimension");
        }
    }

    private static void put(ColumnReader r, ParquetLeaf leaf, float[] fblock, double[] dblock, int at) {
        if (dblock != null) {
            dblock[at] = r.getDouble();
        } else if (leaf.isHalf()) {
            byte[] b = r.getBinary().getBytesUnsafe();
            fblock[at] = Float16.toFloat((b[0] & 0xff) | (b[1] & 0xff) << 8);
        } else if (leaf.element().getType() == Type.DOUBLE) {
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
        Type t = taskLeaf.element().getType();
        for (int row = 0; row < n; row++) {
            if (r.getCurrentDefinitionLevel() == taskLeaf.maxDef()) {
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

    private ColumnReader reader(RowGroup g, ParquetLeaf leaf) {
        ColumnChunk chunk = g.getColumns().get(leaf.index());
        ColumnMetaData cm = chunk.getMeta_data();
        return new ColumnReaderImpl(leaf.descriptor(), new ParquetChunkPages(file, cm, leaf), new PrimitiveConverter() {
        }, writer);
    }

}
