package org.taskmix.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.format.ColumnMetaData;

/**
 * Bulk decoding of Parquet data pages for {@link ParquetSamples}' fast list path: levels and
 * dictionary indices by parquet-java's RLE/bit-packing decoder into int arrays, dictionary pages
 * and PLAIN values straight into doubles. Failures name {@code file}.
 */
final class ParquetPageDecoding {

    private ParquetPageDecoding() {
    }

    /** Whether every value encoding of the chunk is one {@link ParquetSamples}'s fast list path decodes in bulk. */
    static boolean bulkDecodable(ColumnMetaData cm) {
        for (org.apache.parquet.format.Encoding e : cm.getEncodings()) {
            switch (e) {
                case PLAIN, PLAIN_DICTIONARY, RLE_DICTIONARY, RLE, BIT_PACKED -> {
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /** The chunk's dictionary page decoded to doubles ({@code item} bytes a value), or null if it has none. */
    static double[] dictionary(Path file, ParquetChunkPages pages, int item) {
        DictionaryPage dictionary = pages.readDictionaryPage();
        if (dictionary == null) {
            return null;
        }
        try {
            ByteBuffer db = ByteBuffer.wrap(dictionary.getBytes().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            double[] dict = new double[dictionary.getDictionarySize()];
            for (int i = 0; i < dict.length; i++) {
                dict[i] = readValue(db, i * item, item);
            }
            return dict;
        } catch (IOException | IndexOutOfBoundsException e) {
            throw InputException.at(file, null, "bad Parquet dictionary page: " + e.getMessage());
        }
    }

    /**
     * The dictionary indices of a dictionary-encoded page (one per present value, i.e. per
     * definition level at the maximum), or null for a PLAIN page; any other encoding is refused.
     */
    static int[] dictionaryIndices(Path file, ParquetChunkPages.RawPage pg, int[] def, ParquetLeaf leaf, boolean hasDictionary) {
        if (pg.encoding() == Encoding.PLAIN_DICTIONARY || pg.encoding() == Encoding.RLE_DICTIONARY) {
            if (!hasDictionary) {
                throw InputException.at(file, null, "a dictionary-encoded Parquet page has no dictionary");
            }
            int present = 0;
            for (int i = 0; i < pg.count(); i++) {
                present += def == null || def[i] == leaf.maxDef() ? 1 : 0;
            }
            int width = pg.values().length > pg.valuesOffset() ? pg.values()[pg.valuesOffset()] & 0xff : 0;
            return levels(file, Arrays.copyOfRange(pg.values(), pg.valuesOffset() + 1, pg.values().length), width, present);
        } else if (pg.encoding() != Encoding.PLAIN) {
            throw InputException.at(file, null, "Parquet value encoding " + pg.encoding() + " changed inside a column");
        }
        return null;
    }

    /** The value of {@code item} bytes (float16, float32 or float64, little-endian) at {@code pos}. */
    static double readValue(ByteBuffer b, int pos, int item) {
        return switch (item) {
            case 2 -> Float16.toFloat(b.getShort(pos));
            case 4 -> b.getFloat(pos);
            default -> b.getDouble(pos);
        };
    }

    /**
     * {@code n} values of an RLE/bit-packing hybrid run (levels or dictionary indices), or null when
     * the column has no such levels ({@code bitWidth} 0 or no bytes).
     */
    static int[] levels(Path file, byte[] encoded, int bitWidth, int n) {
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

}
