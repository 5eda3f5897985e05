package io.ferry.sink.s3.storage;

/**
 * A partition's state as S3 holds it, with the ETag it was saved under ({@code null}: no state
 * object). Every save is conditional on that ETag, so a task whose partition another task has
 * claimed since finds out at its next save instead of writing over the new owner's progress.
 */
public record SavedState(PartitionState state, String etag) {
    static final SavedState NONE = new SavedState(PartitionState.NEW, null);

    /** The same saved object, its state read differently (a start offset only this task knows). */
    public SavedState with(PartitionState state) {
        return new SavedState(state, etag);
    }
}
