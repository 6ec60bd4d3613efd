package org.taskmix.io;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Types;

/** A leaf column of a Parquet schema with its repetition and definition levels ({@link ParquetSamples}). */
record ParquetLeaf(String[] path, SchemaElement element, int maxRep, int maxDef, int index) {
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
