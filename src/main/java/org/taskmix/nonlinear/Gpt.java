package org.taskmix.nonlinear;

import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import org.taskmix.validation.FastRandom;

/**
 * The GPT-2-style decoder on DJL (docs/theory.md §9), with its parameters as plain NDArrays and
 * a forward pass written out op by op, so the computation is exactly the one documented:
 *
 * <pre>
 *   token of example i:      E_x [x_i; y_i] + b_x + p_slot(i)
 *   token of CoT estimate j: E_w ŵ_j + b_w + p_{S + j}            (S example slots)
 *   block (pre-LN):          h += Attn(LN₁ h);  h += W₂ GELU(W₁ LN₂ h + b₁) + b₂
 *   Attn:                    causal softmax, H heads, keys of padding slots masked
 *   ŵ_{j+1} = W_o LN_f(h at the token of ŵ_j) + b_o
 * </pre>
 *
 * Examples are right-aligned in the {@code S} example slots: a prompt with fewer examples
 * (a task with a shorter {@code n_ℓ}, or a test prompt with {@code m < S}) has masked padding
 * slots first, so its estimate tokens always sit at positions {@code S, S+1, …}.
 *
 * <p>Chain of thought runs with a key/value cache: the examples are encoded once, then each CoT
 * step encodes one token against the cached keys and values. Because attention is causal this
 * is exactly the same function as re-running the whole growing sequence, at a fraction of the
 * cost. The Python peer benchmark ({@code src/bench/transformer/}) does the same.
 *
 * <p>Memory: every intermediate array is created in the caller's per-step sub-manager (the
 * activation is always the left operand), so closing that manager frees the step.
 */
final class Gpt implements AutoCloseable {

    /** GPT-2's initial standard deviation of weights and embeddings. */
    static final double INIT_STD = 0.02;
    /** Additive mask for padding keys: finite, so a row with no real key stays finite. */
    static final float MASKED = -1e9f;
    /** Layer-norm epsilon (PyTorch's default). */
    static final float LN_EPS = 1e-5f;

    final TransformerConfig config;
    final int d;
    final int exampleSlots;
    final int estimateSlots;
    final NDManager manager;

    /** Every parameter, back to back (not itself differentiated: the views below are). */
    final NDArray flat;
    /** Views of {@link #flat}, in the order drawn; gradients accumulate on these. */
    final List<NDArray> parameters = new ArrayList<>();
    final List<String> names = new ArrayList<>();

    private final NDArray wEx;
    private final NDArray bEx;
    private final NDArray wEst;
    private final NDArray bEst;
    private final NDArray pos;
    private final NDArray lnfG;
    private final NDArray lnfB;
    private final NDArray wOut;
    private final NDArray bOut;
    private final Layer[] layers;

    private record Layer(NDArray ln1g, NDArray ln1b, NDArray wQkv, NDArray bQkv, NDArray wO, NDArray bO,
                         NDArray ln2g, NDArray ln2b, NDArray w1, NDArray b1, NDArray w2, NDArray b2) {
    }

    /**
     * A freshly initialised model (GPT-2's scheme: weights N(0, 0.02²), residual projections
     * scaled by {@code 1/√(2·layers)}, biases 0, layer-norm gains 1), drawn from {@code seed}.
     */
    Gpt(TransformerConfig config, int d, int exampleSlots, int estimateSlots, long seed, Device device) {
        this.config = config;
        this.d = d;
        this.exampleSlots = exampleSlots;
        this.estimateSlots = estimateSlots;
        this.manager = NDManager.newBaseManager(device);
        FastRandom rng = FastRandom.stream(seed, 0x6770, 0, 0);
        int c = config.width();
        double residual = INIT_STD / Math.sqrt(2.0 * config.layers());
        Init init = new Init();
        int iWEx = init.normal("embed.examples.weight", rng, INIT_STD, d + 1, c);
        int iBEx = init.constant("embed.examples.bias", 0, c);
        int iWEst = init.normal("embed.estimate.weight", rng, INIT_STD, d, c);
        int iBEst = init.constant("embed.estimate.bias", 0, c);
        int iPos = init.normal("embed.positions", rng, INIT_STD, exampleSlots + estimateSlots, c);
        int[][] iLayers = new int[config.layers()][];
        for (int l = 0; l < iLayers.length; l++) {
            String p = "block" + l + ".";
            iLayers[l] = new int[] {init.constant(p + "ln1.gain", 1, c), init.constant(p + "ln1.bias", 0, c),
                    init.normal(p + "attn.qkv.weight", rng, INIT_STD, c, 3 * c), init.constant(p + "attn.qkv.bias", 0, 3 * c),
                    init.normal(p + "attn.out.weight", rng, residual, c, c), init.constant(p + "attn.out.bias", 0, c),
                    init.constant(p + "ln2.gain", 1, c), init.constant(p + "ln2.bias", 0, c),
                    init.normal(p + "mlp.in.weight", rng, INIT_STD, c, 4 * c), init.constant(p + "mlp.in.bias", 0, 4 * c),
                    init.normal(p + "mlp.out.weight", rng, residual, 4 * c, c), init.constant(p + "mlp.out.bias", 0, c)};
        }
        int iLnfG = init.constant("lnf.gain", 1, c);
        int iLnfB = init.constant("lnf.bias", 0, c);
        int iWOut = init.normal("readout.weight", rng, INIT_STD, c, d);
        int iBOut = init.constant("readout.bias", 0, d);
        // One contiguous tensor holds every parameter; each parameter is a view of its slice, so
        // the optimiser updates all of them with one fused Adam call on the whole buffer.
        int total = 0;
        for (float[] a : init.values) {
            total += a.length;
        }
        float[] all = new float[total];
        int off = 0;
        for (float[] a : init.values) {
            System.arraycopy(a, 0, all, off, a.length);
            off += a.length;
        }
        flat = Tensors.upload(manager, all, new Shape(total));
        off = 0;
        for (int i = 0; i < init.values.size(); i++) {
            int n = init.values.get(i).length;
            NDArray view = flat.get(new NDIndex(off + ":" + (off + n))).reshape(init.shapes.get(i));
            view.setRequiresGradient(true);
            parameters.add(view);
            names.add(init.names.get(i));
            off += n;
        }
        wEx = parameters.get(iWEx);
        bEx = parameters.get(iBEx);
        wEst = parameters.get(iWEst);
        bEst = parameters.get(iBEst);
        pos = parameters.get(iPos);
        layers = new Layer[iLayers.length];
        for (int l = 0; l < layers.length; l++) {
            int[] q = iLayers[l];
            layers[l] = new Layer(parameters.get(q[0]), parameters.get(q[1]), parameters.get(q[2]), parameters.get(q[3]),
                    parameters.get(q[4]), parameters.get(q[5]), parameters.get(q[6]), parameters.get(q[7]),
                    parameters.get(q[8]), parameters.get(q[9]), parameters.get(q[10]), parameters.get(q[11]));
        }
        lnfG = parameters.get(iLnfG);
        lnfB = parameters.get(iLnfB);
        wOut = parameters.get(iWOut);
        bOut = parameters.get(iBOut);
    }

    /** Initial values, drawn in parameter order before the flat buffer is built. */
    private static final class Init {
        final List<float[]> values = new ArrayList<>();
        final List<Shape> shapes = new ArrayList<>();
        final List<String> names = new ArrayList<>();

        int normal(String name, FastRandom rng, double std, int rows, int cols) {
            float[] a = new float[rows * cols];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (std * rng.nextGaussian());
            }
            return add(name, a, new Shape(rows, cols));
        }

        int constant(String name, float value, int n) {
            float[] a = new float[n];
            java.util.Arrays.fill(a, value);
            return add(name, a, new Shape(n));
        }

        private int add(String name, float[] a, Shape shape) {
            values.add(a);
            shapes.add(shape);
            names.add(name);
            return values.size() - 1;
        }
    }

    /** Number of trainable scalars. */
    long parameterCount() {
        long n = 0;
        for (NDArray p : parameters) {
            n += p.size();
        }
        return n;
    }

    /** Per-batch state of a chain of thought: the cached keys and values of every layer. */
    final class Context {
        private final NDManager sub;
        private final int batch;
        private final float[] padKeys;
        private final boolean padded;
        private final NDArray[] keys = new NDArray[layers.length];
        private final NDArray[] values = new NDArray[layers.length];
        private int length;

        private Context(NDManager sub, int batch, float[] padKeys) {
            this.sub = sub;
            this.batch = batch;
            this.padKeys = padKeys;
            boolean any = false;
            for (float f : padKeys) {
                any |= f != 0;
            }
            this.padded = any;
        }

        /** Estimates written so far. */
        int steps() {
            return length - exampleSlots;
        }
    }

    /**
     * Encodes the examples of a batch.
     *
     * @param sub      the step's manager (owns everything created)
     * @param batch    prompts
     * @param examples {@code [x_i; y_i]} per slot, {@code batch × S × (d+1)}, padding slots zero
     * @param lengths  examples per prompt (right-aligned: slots {@code S − n … S−1} are real)
     */
    Context encode(NDManager sub, int batch, float[] examples, int[] lengths) {
        int s = exampleSlots;
        float[] padKeys = new float[batch * s];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < s - lengths[b]; i++) {
                padKeys[b * s + i] = MASKED;
            }
        }
        Context ctx = new Context(sub, batch, padKeys);
        NDArray tokens = Tensors.upload(sub, examples, new Shape(batch, s, d + 1));
        NDArray h = tokens.matMul(wEx).add(bEx).add(pos.get(sub, new NDIndex("0:" + s)));
        // Without padding every prompt shares the causal mask: one s × s mask, broadcast over the
        // batch (the same numbers as a per-prompt mask, uploaded once instead of batch times).
        int rows = ctx.padded ? batch : 1;
        float[] mask = new float[rows * s * s];
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < s; q++) {
                int row = (b * s + q) * s;
                for (int k = 0; k < s; k++) {
                    mask[row + k] = k > q ? MASKED : padKeys[b * s + k];
                }
            }
        }
        NDArray m = Tensors.upload(sub, mask, new Shape(rows, 1, s, s));
        blocks(ctx, h, m, s);
        return ctx;
    }

    /**
     * One chain-of-thought step: reads in the current estimate ŵ_j as a token and returns
     * ŵ_{j+1}, shape {@code batch × d}.
     */
    NDArray step(Context ctx, NDArray estimate) {
        int j = ctx.steps();
        if (j >= estimateSlots) {
            throw new IllegalStateException("CoT step " + (j + 1) + " exceeds the " + estimateSlots
                    + " estimate positions the model was built with");
        }
        NDManager sub = ctx.sub;
        int p = exampleSlots + j;
        NDArray h = estimate.reshape(ctx.batch, 1, d).matMul(wEst).add(bEst)
                .add(pos.get(sub, new NDIndex(p + ":" + (p + 1))));
        int keys = p + 1;
        NDArray m = null;
        // A new token may attend to every earlier one: only padding keys need a mask (adding a
        // mask of zeros would change nothing).
        if (ctx.padded) {
            float[] mask = new float[ctx.batch * keys];
            for (int b = 0; b < ctx.batch; b++) {
                System.arraycopy(ctx.padKeys, b * exampleSlots, mask, b * keys, exampleSlots);
            }
            m = Tensors.upload(sub, mask, new Shape(ctx.batch, 1, 1, keys));
        }
        NDArray out = blocks(ctx, h, m, 1);
        NDArray normed = LayerNorm.layerNorm(out, new Shape(config.width()), lnfG, lnfB, LN_EPS).singletonOrThrow();
        return normed.matMul(wOut).add(bOut).reshape(ctx.batch, d);
    }

    /** Runs {@code t} new tokens {@code h} through every block, extending the caches. */
    private NDArray blocks(Context ctx, NDArray h, NDArray mask, int t) {
        int b = ctx.batch;
        int c = config.width();
        int heads = config.heads();
        int dh = c / heads;
        NDArray scale = Tensors.scalar(ctx.sub, (float) (1 / Math.sqrt(dh)));
        Shape norm = new Shape(c);
        for (int l = 0; l < layers.length; l++) {
            Layer layer = layers[l];
            NDArray a = LayerNorm.layerNorm(h, norm, layer.ln1g, layer.ln1b, LN_EPS).singletonOrThrow();
            NDArray qkv = a.matMul(layer.wQkv).add(layer.bQkv).reshape(b, t, 3, heads, dh).transpose(2, 0, 3, 1, 4);
            NDArray q = qkv.get(ctx.sub, new NDIndex("0"));
            NDArray k = qkv.get(ctx.sub, new NDIndex("1"));
            NDArray v = qkv.get(ctx.sub, new NDIndex("2"));
            if (ctx.keys[l] != null) {
                k = ctx.keys[l].concat(k, 2);
                v = ctx.values[l].concat(v, 2);
            }
            ctx.keys[l] = k;
            ctx.values[l] = v;
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale);
            NDArray att = (mask == null ? scores : scores.add(mask)).softmax(-1);
            NDArray o = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, c);
            h = h.add(o.matMul(layer.wO).add(layer.bO));
            NDArray f = LayerNorm.layerNorm(h, norm, layer.ln2g, layer.ln2b, LN_EPS).singletonOrThrow();
            h = h.add(Activation.gelu(f.matMul(layer.w1).add(layer.b1)).matMul(layer.w2).add(layer.b2));
        }
        ctx.length += t;
        return h;
    }

    /** Parameter values, for tests and checkpoints. */
    float[] values(int i) {
        return parameters.get(i).toFloatArray();
    }

    @Override
    public void close() {
        manager.close();
    }
}
