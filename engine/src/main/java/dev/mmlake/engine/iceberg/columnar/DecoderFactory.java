package dev.mmlake.engine.iceberg.columnar;

import org.apache.iceberg.types.Type.TypeID;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Chooses the {@link ColumnDecoder} for an Iceberg column and the Parquet column that stores it
 * (matched by field id), or says the columnar path cannot read it.
 */
final class DecoderFactory {
  private DecoderFactory() {
  }

  /** A decoder and the Parquet leaf column it reads (null for a column missing in the file). */
  record Decoding(ColumnDecoder decoder, ColumnDescriptor column) {
  }

  /** Thrown when a column needs Iceberg's generic reader (nested, decimal, uuid, ...). */
  static final class UnsupportedColumnException extends RuntimeException {
    UnsupportedColumnException(String message) {
      super(message, null, false, false);
    }
  }

  static Decoding decoding(Types.NestedField field, MessageType projection) {
    Type stored = null;
    for (Type t : projection.getFields()) {
      if (t.getId() != null && t.getId().intValue() == field.fieldId()) {
        stored = t;
        break;
      }
    }
    if (stored == null) {
      if (field.initialDefault() != null) {
        throw unsupported(field, "has a default value");
      }
      return new Decoding(new MissingColumnDecoder(), null);
    }
    if (field.type().typeId() == TypeID.LIST) {
      return list(field, stored, projection);
    }
    if (!stored.isPrimitive()) {
      throw unsupported(field, "is nested");
    }
    ColumnDescriptor column = projection.getColumnDescription(new String[] {stored.getName()});
    int maxDef = column.getMaxDefinitionLevel();
    PrimitiveTypeName physical = stored.asPrimitiveType().getPrimitiveTypeName();
    ColumnDecoder decoder = switch (field.type().typeId()) {
      case BOOLEAN -> physical == PrimitiveTypeName.BOOLEAN ? new BooleanColumnDecoder(maxDef) : null;
      case INTEGER -> physical == PrimitiveTypeName.INT32
          ? new LongColumnDecoder(true, LongColumnDecoder.Kind.INT, maxDef) : null;
      case LONG -> physical == PrimitiveTypeName.INT32 || physical == PrimitiveTypeName.INT64
          ? new LongColumnDecoder(physical == PrimitiveTypeName.INT32,
              LongColumnDecoder.Kind.LONG, maxDef) : null;
      case DATE -> physical == PrimitiveTypeName.INT32
          ? new LongColumnDecoder(true, LongColumnDecoder.Kind.DATE, maxDef) : null;
      case TIMESTAMP -> timestamp(stored.asPrimitiveType(), maxDef);
      case FLOAT -> physical == PrimitiveTypeName.FLOAT
          ? new DoubleColumnDecoder(true, true, maxDef) : null;
      case DOUBLE -> physical == PrimitiveTypeName.FLOAT || physical == PrimitiveTypeName.DOUBLE
          ? new DoubleColumnDecoder(physical == PrimitiveTypeName.FLOAT, false, maxDef) : null;
      case STRING -> physical == PrimitiveTypeName.BINARY
          ? new BinaryColumnDecoder(true, maxDef) : null;
      case BINARY -> physical == PrimitiveTypeName.BINARY
          ? new BinaryColumnDecoder(false, maxDef) : null;
      case DECIMAL -> physical == PrimitiveTypeName.BOOLEAN || physical == PrimitiveTypeName.FLOAT
          || physical == PrimitiveTypeName.DOUBLE || physical == PrimitiveTypeName.INT96 ? null
          : new DecimalColumnDecoder(physical, ((Types.DecimalType) field.type()).scale(), maxDef);
      default -> null;
    };
    if (decoder == null) {
      throw unsupported(field, "is " + field.type() + " stored as " + physical);
    }
    return new Decoding(decoder, column);
  }

  private static ColumnDecoder timestamp(PrimitiveType stored, int maxDef) {
    if (stored.getPrimitiveTypeName() != PrimitiveTypeName.INT64
        || !(stored.getLogicalTypeAnnotation()
            instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts)) {
      return null;
    }
    return switch (ts.getUnit()) {
      case MICROS -> new LongColumnDecoder(false, LongColumnDecoder.Kind.TIMESTAMP_MICROS, maxDef);
      case MILLIS -> new LongColumnDecoder(false, LongColumnDecoder.Kind.TIMESTAMP_MILLIS, maxDef);
      default -> null;
    };
  }

  private static Decoding list(Types.NestedField field, Type stored, MessageType projection) {
    Types.ListType listType = (Types.ListType) field.type();
    if (stored.isPrimitive() || stored.asGroupType().getFieldCount() != 1) {
      throw unsupported(field, "is not a three-level Parquet list");
    }
    Type repeated = stored.asGroupType().getType(0);
    if (repeated.isPrimitive() || !repeated.isRepetition(Type.Repetition.REPEATED)
        || repeated.asGroupType().getFieldCount() != 1
        || !((GroupType) repeated).getType(0).isPrimitive()) {
      throw unsupported(field, "is not a three-level Parquet list of primitives");
    }
    Type element = repeated.asGroupType().getType(0);
    String[] path = {stored.getName(), repeated.getName(), element.getName()};
    ColumnDescriptor column = projection.getColumnDescription(path);
    PrimitiveTypeName physical = element.asPrimitiveType().getPrimitiveTypeName();
    ListColumnDecoder.Element kind = switch (listType.elementType().typeId()) {
      case FLOAT -> physical == PrimitiveTypeName.FLOAT ? ListColumnDecoder.Element.FLOAT : null;
      case DOUBLE -> physical == PrimitiveTypeName.DOUBLE ? ListColumnDecoder.Element.DOUBLE : null;
      case INTEGER -> physical == PrimitiveTypeName.INT32 ? ListColumnDecoder.Element.INT : null;
      case LONG -> physical == PrimitiveTypeName.INT64 ? ListColumnDecoder.Element.LONG : null;
      case STRING -> physical == PrimitiveTypeName.BINARY ? ListColumnDecoder.Element.STRING : null;
      default -> null;
    };
    if (kind == null) {
      throw unsupported(field, "is a list of " + listType.elementType() + " stored as " + physical);
    }
    int definedList = projection.getMaxDefinitionLevel(new String[] {stored.getName()});
    int nonEmpty = projection.getMaxDefinitionLevel(
        new String[] {stored.getName(), repeated.getName()});
    return new Decoding(new ListColumnDecoder(kind, definedList, nonEmpty,
        column.getMaxDefinitionLevel()), column);
  }

  private static UnsupportedColumnException unsupported(Types.NestedField field, String why) {
    return new UnsupportedColumnException("column " + field.name() + " " + why);
  }
}
