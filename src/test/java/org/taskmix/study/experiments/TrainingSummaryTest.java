package org.taskmix.study.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.taskmix.catalog.Problem;
import org.taskmix.study.TrainingSummary;
import org.taskmix.validation.LossHistory;
import org.taskmix.validation.ProgressListener;
import org.taskmix.validation.Validation;
import org.taskmix.validation.ValidationResult;

/** The statistics of a trained model, taken from one training run. */
class TrainingSummaryTest {

    @Test
    void summarisesOneRunIncludingTheLossBeforeAndAfter() {
        Problem p = Tiny.singleTask("flat", new double[] {1, 1, 1, 1});
        ValidationResult v = new Validation(1).run(p.catalog(), new double[] {1}, p.settings().n(),
                p.target().covariance(), Tiny.M, 2, Tiny.train(200, 200), ProgressListener.NONE);
        TrainingSummary s = TrainingSummary.of(v, Tiny.train(200, 200).batch());
        LossHistory loss = v.training().loss();
        assertTrue(s.completed(), s.message());
        assertEquals(200, s.steps());
        assertEquals(200L * s.batch(), s.promptsTrained());
        assertEquals(loss.values().get(0), s.initialLoss());
        assertEquals(loss.last(), s.finalLoss());
        // 200 Adam steps on one well-conditioned task cut the loss well below where it started.
        assertTrue(s.finalLoss() < 0.5 * s.initialLoss(), s.initialLoss() + " -> " + s.finalLoss());
        assertTrue(s.offsetFloor() >= 0 && Double.isFinite(s.offsetFloor()));
    }
}
