package org.taskmix.nonlinear;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Moves Java arrays into the engine as tensors that own their memory.
 *
 * <p>Why not {@code NDManager.create(float[], Shape)}: on the CPU, DJL 0.36's PyTorch engine
 * wraps the direct buffer it fills with {@code torch::from_blob} and keeps no reference to it, so
 * once the garbage collector frees the buffer the tensor reads freed memory. Observed here as
 * gradients turning NaN at a random step (a step's saved inputs are re-read in the backward
 * pass). Cloning while our own reference keeps the buffer alive gives a tensor with its own
 * storage.
 *
 * <p>The same holds for {@code NDArray.mul(Number)} and its kin: they build the scalar that way,
 * and autograd keeps it for the backward pass. On any path that is differentiated, scalars come
 * from {@link #scalar}.
 */
final class Tensors {

    private Tensors() {
    }

    /** A float32 tensor of {@code shape} holding a copy of {@code data}, owned by {@code manager}. */
    static NDArray upload(NDManager manager, float[] data, Shape shape) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(data.length * Float.BYTES).order(ByteOrder.nativeOrder());
        buffer.asFloatBuffer().put(data);
        NDArray view = manager.create(buffer, shape, DataType.FLOAT32);
        NDArray owned = view.duplicate();
        view.close();
        Reference.reachabilityFence(buffer);
        return owned;
    }

    /** A one-element float32 tensor (broadcasts like a scalar) with its own storage. */
    static NDArray scalar(NDManager manager, float value) {
        return upload(manager, new float[] {value}, new Shape(1));
    }
}
