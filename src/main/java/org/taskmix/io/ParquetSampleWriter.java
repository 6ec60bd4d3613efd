package org.taskmix.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Float16Type;
import org.apache.parquet.format.ListType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.StringType;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;

/**
 * Writes embeddings as a Parquet file in the layout Hugging Face datasets and pyarrow use: a
 * string column {@code task} and a list column {@code embedding} (Arrow {@code list<float>}:
 * {@code required group embedding (LIST) { repeated group list { required <type> element } }})
 * of float16, float32 or float64; uncompressed PLAIN pages, row groups of about 32 MiB. Used by
 * {@code generate samples --out FILE.parquet}, the tests and the example, so Parquet input can be
 * exercised without pyarrow. Not atomic: callers write to a temporary file and rename.
 */
public final class ParquetSampleWriter implements AutoCloseable {

    /** Value type of the embedding column. */
    public enum Precision {
        /** IEEE binary16, stored as FIXED_LEN_BYTE_ARRAY(2) with the FLOAT16 logical type. */
        HALF(2),
        /** float32. */
        FLOAT(4),
        /** float64. */
        DOUBLE(8);

        final int bytes;

        Precision(int bytes) {
            this.bytes = bytes;
        }
    }

    private static final int GROUP_BYTES = 32 << 20;
    private static final int PAGE_BYTES = 1 << 20;
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final OutputStream out;
    private final int d;
    private final Precision precision;
    private final int groupRows;
    private final List<RowGroup> groups = new ArrayList<>();
    private final List<String> tasks = new ArrayList<>();
    private final ByteArrayOutputStream values = new ByteArrayOutputStream();
    private final ByteBuffer row;
    private long offset;
    private long totalRows;

    private ParquetSampleWriter(Path file, OutputStream out, int d, Precision precision) {
        this.file = file;
        this.out = out;
        this.d = d;
        this.precision = precision;
        this.groupRows = Math.max(1, GROUP_BYTES / (d * precision.bytes));
        this.row = ByteBuffer.allocate(d * precision.bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Creates {@code file} for rows of {@code d} values. */
    public static ParquetSampleWriter create(Path file, int d, Precision precision) {
        if (d < 1) {
            throw new IllegalArgumentException("dimension " + d + " must be >= 1");
        }
        try {
            OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
            os.write(MAGIC);
            ParquetSampleWriter w = new ParquetSampleWriter(file, os, d, precision);
            w.offset = MAGIC.length;
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Appends one row: its task label and its {@code d} values. */
    public void row(String task, double[] x) {
        if (x.length != d) {
            throw new IllegalArgumentException("row has " + x.length + " values; expected " + d);
        }
        row.clear();
        for (double v : x) {
            switch (precision) {
                case HALF -> row.putShort(Float16.fromFloat((float) v));
                case FLOAT -> row.putFloat((float) v);
                default -> row.putDouble(v);
            }
        }
        values.write(row.array(), 0, row.position());
        tasks.add(task);
        if (tasks.size() == groupRows) {
            flushGroup();
        }
    }

    private void flushGroup() {
        int n = tasks.size();
        if (n == 0) {
            return;
        }
        try {
            List<ColumnChunk> chunks = new ArrayList<>();
            long groupStart = offset;
            // Column "task": one PLAIN page of length-prefixed UTF-8 strings, required (no levels).
            ByteArrayOutputStream t = new ByteArrayOutputStream();
            ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (String s : tasks) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                len.clear();
                t.write(len.putInt(b.length).array());
                t.write(b);
            }
            long start = offset;
            writePage(t.toByteArray(), n);
            chunks.add(chunk(Type.BYTE_ARRAY, List.of("task"), n, start));
            // Column "embedding": pages of whole rows; repetition levels 0 then d − 1 ones per
            // row, definition levels all 1 (every element present), each as RLE runs.
            byte[] all = values.toByteArray();
            int rowBytes = d * precision.bytes;
            int pageRows = Math.max(1, PAGE_BYTES / rowBytes);
            start = offset;
            for (int r = 0; r < n; r += pageRows) {
                int k = Math.min(pageRows, n - r);
                ByteArrayOutputStream page = new ByteArrayOutputStream();
                ByteArrayOutputStream rep = new ByteArrayOutputStream();
                for (int i = 0; i < k; i++) {
                    run(rep, 1, 0);
                    if (d > 1) {
                        run(rep, d - 1, 1);
                    }
                }
                ByteArrayOutputStream def = new ByteArrayOutputStream();
                run(def, (long) k * d, 1);
                lengthPrefixed(page, rep.toByteArray());
                lengthPrefixed(page, def.toByteArray());
                page.write(all, r * rowBytes, k * rowBytes);
                writePage(page.toByteArray(), k * d);
            }
            chunks.add(chunk(precision == Precision.HALF ? Type.FIXED_LEN_BYTE_ARRAY
                            : precision == Precision.FLOAT ? Type.FLOAT : Type.DOUBLE,
                    List.of("embedding", "list", "element"), (long) n * d, start));
            RowGroup g = new RowGroup(chunks, offset - groupStart, n);
            groups.add(g);
            totalRows += n;
            tasks.clear();
            values.reset();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    private ColumnChunk chunk(Type type, List<String> path, long numValues, long start) {
        long size = offset - start;
        ColumnMetaData cm = new ColumnMetaData(type, List.of(Encoding.PLAIN, Encoding.RLE), path,
                CompressionCodec.UNCOMPRESSED, numValues, size, size, start);
        ColumnChunk c = new ColumnChunk(start);
        c.setMeta_data(cm);
        return c;
    }

    private void writePage(byte[] body, int numValues) throws IOException {
        PageHeader h = new PageHeader(PageType.DATA_PAGE, body.length, body.length);
        h.setData_page_header(new DataPageHeader(numValues, Encoding.PLAIN, Encoding.RLE, Encoding.RLE));
        ByteArrayOutputStream hb = new ByteArrayOutputStream();
        Util.writePageHeader(h, hb);
        out.write(hb.toByteArray());
        out.write(body);
        offset += hb.size() + body.length;
    }

    /** An RLE run of {@code count} copies of a level of bit width 1 (one byte of value). */
    private static void run(ByteArrayOutputStream out, long count, int value) {
        long header = count << 1;
        while ((header & ~0x7fL) != 0) {
            out.write((int) ((header & 0x7f) | 0x80));
            header >>>= 7;
        }
        out.write((int) header);
        out.write(value);
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] b) throws IOException {
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        out.write(b);
    }

    @Override
    public void close() {
        try {
            flushGroup();
            List<SchemaElement> schema = new ArrayList<>();
            SchemaElement root = new SchemaElement("schema");
            root.setNum_children(2);
            schema.add(root);
            SchemaElement task = element("task", FieldRepetitionType.REQUIRED, 0);
            task.setType(Type.BYTE_ARRAY);
            task.setConverted_type(ConvertedType.UTF8);
            task.setLogicalType(LogicalType.STRING(new StringType()));
            schema.add(task);
            // embedding: the standard three-level LIST (embedding > repeated list > element)
            SchemaElement emb = element("embedding", FieldRepetitionType.REQUIRED, 1);
            emb.setConverted_type(ConvertedType.LIST);
            emb.setLogicalType(LogicalType.LIST(new ListType()));
            schema.add(emb);
            schema.add(element("list", FieldRepetitionType.REPEATED, 1));
            SchemaElement el = element("element", FieldRepetitionType.REQUIRED, 0);
            switch (precision) {
                case HALF -> {
                    el.setType(Type.FIXED_LEN_BYTE_ARRAY);
                    el.setType_length(2);
                    el.setLogicalType(LogicalType.FLOAT16(new Float16Type()));
                }
                case FLOAT -> el.setType(Type.FLOAT);
                default -> el.setType(Type.DOUBLE);
            }
            schema.add(el);
            FileMetaData meta = new FileMetaData(1, schema, totalRows, groups);
            meta.setCreated_by("taskmix");
            ByteArrayOutputStream fb = new ByteArrayOutputStream();
            Util.writeFileMetaData(meta, fb);
            out.write(fb.toByteArray());
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(fb.size()).array());
            out.write(MAGIC);
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** A schema node with its repetition and, for a group, its number of children (0: a leaf, left unset). */
    private static SchemaElement element(String name, FieldRepetitionType repetition, int children) {
        SchemaElement e = new SchemaElement(name);
        e.setRepetition_type(repetition);
        if (children > 0) {
            e.setNum_children(children);
        }
        return e;
    }
}
