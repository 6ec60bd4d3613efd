package org.taskmix.cli;

import org.taskmix.study.MixtureSpec;
import org.taskmix.study.TestLength;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli type converters for the values every command shares, so each is parsed in one place
 * and a bad value is a {@code ParameterException} (exit 2, one line naming the option; see
 * {@link Main}).
 */
final class Converters {

    private Converters() {
    }

    /** {@code --m M|inf}: {@link TestLength#parse}. */
    static final class Length implements ITypeConverter<TestLength> {
        @Override
        public TestLength convert(String value) {
            try {
                return TestLength.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A mixture spec: {@link MixtureSpec#parse}. */
    static final class Mixture implements ITypeConverter<MixtureSpec> {
        @Override
        public MixtureSpec convert(String value) {
            try {
                return MixtureSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
