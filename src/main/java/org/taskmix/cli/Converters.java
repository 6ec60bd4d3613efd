package org.taskmix.cli;

import java.util.function.Function;

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

    /** A parser's {@link IllegalArgumentException} as picocli's conversion error (same message). */
    private static <T> T convert(Function<String, T> parser, String value) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code --m M|inf}: {@link TestLength#parse}. */
    static final class Length implements ITypeConverter<TestLength> {
        @Override
        public TestLength convert(String value) {
            return Converters.convert(TestLength::parse, value);
        }
    }

    /** A mixture spec: {@link MixtureSpec#parse}. */
    static final class Mixture implements ITypeConverter<MixtureSpec> {
        @Override
        public MixtureSpec convert(String value) {
            return Converters.convert(MixtureSpec::parse, value);
        }
    }
}
