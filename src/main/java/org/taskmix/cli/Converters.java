package org.taskmix.cli;

import java.util.function.Function;

import org.taskmix.catalog.Shrinkage;
import org.taskmix.catalog.Spelled;
import org.taskmix.catalog.TrainingSettings.Gauge;
import org.taskmix.catalog.TrainingSettings.Offset;
import org.taskmix.catalog.TrainingSettings.Optimizer;
import org.taskmix.catalog.TrainingSettings.Schedule;
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

    /**
     * A setting's enum from its file spelling, any case ({@link Spelled#parse}); the message is
     * {@code value "V" must be ...}, which the error line prefixes with the option's name.
     */
    abstract static class Spelling<E extends Enum<E> & Spelled> implements ITypeConverter<E> {
        private final Class<E> type;

        Spelling(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            return Converters.convert(v -> Spelled.parse(type, null, v), value);
        }
    }

    // One line each: these only bind an enum type to the converter above (picocli instantiates
    // converters by class, so the type cannot be a constructor argument at the use site).

    /** {@code --optimizer adam|sgd}. */
    static final class OptimizerSpelling extends Spelling<Optimizer> { OptimizerSpelling() { super(Optimizer.class); } }

    /** {@code --schedule constant|cosine}. */
    static final class ScheduleSpelling extends Spelling<Schedule> { ScheduleSpelling() { super(Schedule.class); } }

    /** {@code --gauge free|fixed}. */
    static final class GaugeSpelling extends Spelling<Gauge> { GaugeSpelling() { super(Gauge.class); } }

    /** {@code --offset train|freeze|average|anneal}. */
    static final class OffsetSpelling extends Spelling<Offset> { OffsetSpelling() { super(Offset.class); } }

    /** {@code estimate --sidecar auto|always|never}. */
    static final class SidecarSpelling extends Spelling<EstimateCommand.Sidecar> {
        SidecarSpelling() {
            super(EstimateCommand.Sidecar.class);
        }
    }

    /** {@code --features gaussian|empirical}. */
    static final class FeaturesSpelling extends Spelling<FeatureOptions.Features> {
        FeaturesSpelling() {
            super(FeatureOptions.Features.class);
        }
    }

    /** {@code --shrinkage none|oas} (estimate, solve --bootstrap-shrinkage): {@link Shrinkage.Method#parse}. */
    static final class ShrinkageMethod implements ITypeConverter<Shrinkage.Method> {
        @Override
        public Shrinkage.Method convert(String value) {
            return Converters.convert(Shrinkage.Method::parse, value);
        }
    }
}
