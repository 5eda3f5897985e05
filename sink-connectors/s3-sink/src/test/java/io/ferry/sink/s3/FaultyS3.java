package io.ferry.sink.s3;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * A real S3 client with faults a real server does not produce on demand: each call of the kinds the
 * sink makes (put, get, upload part, abort, delete) is shown to a {@link Fault} first, by key,
 * which may throw instead.
 */
public final class FaultyS3 {
    /** Decides, per call, whether it fails; throws to fail it. */
    public interface Fault {
        void check(String operation, String key);

        /** After S3 answered a put: throwing here is an answer lost on its way back. */
        default void answered(String operation, String key) {}
    }

    private FaultyS3() {}

    public static S3Client wrap(S3Client real, Fault fault) {
        return (S3Client)
                Proxy.newProxyInstance(
                        S3Client.class.getClassLoader(),
                        new Class<?>[] {S3Client.class},
                        (proxy, method, args) -> invoke(real, fault, method, args));
    }

    /** What S3 answers for a denied request (and, without s3:ListBucket, for a missing key). */
    public static S3Exception accessDenied(String key) {
        return (S3Exception)
                S3Exception.builder()
                        .statusCode(403)
                        .message("Access Denied: " + key)
                        .awsErrorDetails(
                                AwsErrorDetails.builder()
                                        .errorCode("AccessDenied")
                                        .errorMessage("Access Denied")
                                        .build())
                        .build();
    }

    @SuppressWarnings("unchecked")
    private static Object invoke(S3Client real, Fault fault, Method method, Object[] args)
            throws Throwable {
        String name = method.getName();
        if (args != null && args.length > 0 && args[0] instanceof Consumer<?> builder) {
            switch (name) {
                case "putObject" -> {
                    PutObjectRequest.Builder b = PutObjectRequest.builder();
                    ((Consumer<PutObjectRequest.Builder>) builder).accept(b);
                    PutObjectRequest request = b.build();
                    fault.check(name, request.key());
                    Object response = real.putObject(request, (RequestBody) args[1]);
                    fault.answered(name, request.key());
                    return response;
                }
                case "getObject" -> {
                    if (args.length == 1) {
                        GetObjectRequest.Builder b = GetObjectRequest.builder();
                        ((Consumer<GetObjectRequest.Builder>) builder).accept(b);
                        GetObjectRequest request = b.build();
                        fault.check(name, request.key());
                        return real.getObject(request);
                    }
                }
                case "uploadPart" -> {
                    UploadPartRequest.Builder b = UploadPartRequest.builder();
                    ((Consumer<UploadPartRequest.Builder>) builder).accept(b);
                    UploadPartRequest request = b.build();
                    fault.check(name, request.key());
                    return real.uploadPart(request, (RequestBody) args[1]);
                }
                case "deleteObject" -> {
                    DeleteObjectRequest.Builder b = DeleteObjectRequest.builder();
                    ((Consumer<DeleteObjectRequest.Builder>) builder).accept(b);
                    DeleteObjectRequest request = b.build();
                    fault.check(name, request.key());
                    return real.deleteObject(request);
                }
                case "deleteObjects" -> {
                    DeleteObjectsRequest.Builder b = DeleteObjectsRequest.builder();
                    ((Consumer<DeleteObjectsRequest.Builder>) builder).accept(b);
                    DeleteObjectsRequest request = b.build();
                    fault.check(name, request.delete().objects().get(0).key());
                    return real.deleteObjects(request);
                }
                case "abortMultipartUpload" -> {
                    AbortMultipartUploadRequest.Builder b = AbortMultipartUploadRequest.builder();
                    ((Consumer<AbortMultipartUploadRequest.Builder>) builder).accept(b);
                    AbortMultipartUploadRequest request = b.build();
                    fault.check(name, request.key());
                    return real.abortMultipartUpload(request);
                }
                default -> {}
            }
        }
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
