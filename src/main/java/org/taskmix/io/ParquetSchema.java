package org.taskmix.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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

import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/** The footer and schema of a Parquet file, and the choice of per-dimension columns ({@link ParquetSamples}). */
final class ParquetSchema {

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private ParquetSchema() {
    }

    static List<ParquetLeaf> perDimension(Path file, List<ParquetLeaf> leaves, String prefix, ParquetLeaf taskParquetLeaf) {
        List<ParquetLeaf> out = new ArrayList<>();
        if (prefix != null) {
            Pattern p = Pattern.compile(Pattern.quote(prefix) + "_?(\\d+)");
            List<long[]> order = new ArrayList<>();
            for (ParquetLeaf l : leaves) {
                Matcher m = p.matcher(l.dotted());
                if (l.maxRep() == 0 && m.matches()) {
                    out.add(l);
                    order.add(new long[] {Long.parseLong(m.group(1)), out.size() - 1});
                }
            }
            if (out.isEmpty()) {
                throw InputException.at(file, null, "has no column \"" + prefix + "\" (a list) nor columns \"" + prefix
                        + "0\", \"" + prefix + "1\", … (one per dimension); its columns are " + names(leaves));
            }
            order.sort(Comparator.comparingLong(a -> a[0]));
            List<ParquetLeaf> sorted = new ArrayList<>();
            for (long[] o : order) {
                sorted.add(out.get((int) o[1]));
            }
            out = sorted;
        } else {
            for (ParquetLeaf l : leaves) {
                if (l.maxRep() == 0 && l != taskParquetLeaf && l.numeric()) {
                    out.add(l);
                }
            }
            if (out.isEmpty()) {
                throw InputException.at(file, null, "has no float16/float32/float64 column to read as an embedding;"
                        + " its columns are " + names(leaves));
            }
        }
        for (ParquetLeaf l : out) {
            if (!l.numeric()) {
                throw InputException.at(file, null, "column \"" + l.dotted() + "\" holds " + typeName(l)
                        + "; embeddings must be float16, float32 or float64");
            }
        }
        return out;
    }

    static String typeName(ParquetLeaf l) {
        return l.element().getType().name().toLowerCase(Locale.ROOT);
    }

    static String names(List<ParquetLeaf> leaves) {
        List<String> n = new ArrayList<>();
        for (ParquetLeaf l : leaves) {
            n.add(l.dotted());
        }
        return n.toString();
    }

    static FileMetaData footer(Path file) {
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

    static void readFully(Path file, FileChannel ch, ByteBuffer buf, long position) throws IOException {
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
    static List<ParquetLeaf> leaves(Path file, List<SchemaElement> schema) {
        List<ParquetLeaf> out = new ArrayList<>();
        int[] next = {1};
        int children = schema.get(0).getNum_children();
        for (int c = 0; c < children; c++) {
            walk(file, schema, next, new ArrayList<>(), 0, 0, out);
        }
        return out;
    }

    static void walk(Path file, List<SchemaElement> schema, int[] next, List<String> path, int rep, int def,
                             List<ParquetLeaf> out) {
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
            out.add(new ParquetLeaf(p.toArray(new String[0]), e, myRep, myDef, out.size()));
        }
    }
}
