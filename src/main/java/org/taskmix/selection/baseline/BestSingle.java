package org.taskmix.selection.baseline;

import java.util.Optional;

import org.taskmix.selection.Mixture;
import org.taskmix.selection.SelectionProblem;

/**
 * {@code best-single}: the single task with the lowest objective. With weight limits, a prior or
 * several targets every single-task vertex is projected onto the limits before choosing.
 */
public final class BestSingle extends Baseline {

    /** The baseline. */
    public BestSingle() {
        super("best-single", "the single task with the lowest objective");
    }

    @Override
    public Optional<Mixture> mixture(BaselineContext c) {
        SelectionProblem sp = c.program();
        int t = sp.size();
        boolean plain = true;
        for (int i = 0; i < t; i++) {
            plain &= sp.bounds().lower(i) == 0 && sp.bounds().upper(i) == 1;
        }
        boolean direct = plain && sp.prior() == null && !sp.isRobust();
        int best = -1;
        double bestV = Double.POSITIVE_INFINITY;
        double[] bestW = null;
        for (int l = 0; l < t; l++) {
            double[] w = null;
            double v;
            if (direct) {
                v = sp.vertexResidual(l);
            } else {
                w = new double[t];
                w[l] = 1;
                sp.bounds().project(w, w);
                v = sp.objective(w);
            }
            if (v < bestV) {
                bestV = v;
                best = l;
                bestW = w;
            }
        }
        if (bestW == null) {
            bestW = new double[t];
            bestW[best] = 1;
        }
        String note = "task " + sp.names().get(best) + " alone";
        if (!plain) {
            note += " (each single-task mixture projected onto the weight limits before choosing)";
        }
        return Optional.of(new Mixture(name(), bestW, note));
    }
}
