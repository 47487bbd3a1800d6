using System.Runtime.ExceptionServices;
using PoetryReactor.Core.Defer;
using Xunit.Sdk;

namespace PoetryReactor.Core.Tests.Defer;

/// <summary>The failure the tests fire Deferreds with.</summary>
internal sealed class GenericError(string message = "generic") : Exception(message);

/// <summary>Twisted trial's successResultOf / failureResultOf / assertNoResult.</summary>
internal static class DeferredAssert
{
    /// <summary>The current result, which must be a success; the chain keeps it.</summary>
    public static T SuccessResultOf<T>(Deferred<T> d)
    {
        var (fired, value, error) = Observe(d);
        Assert.True(fired, $"{d} has no result yet");
        if (error is not null) throw new XunitException($"expected a result, got failure {error}");
        return value!;
    }

    /// <summary>The current failure, which it consumes (the chain goes on with default), as trial does.</summary>
    public static Exception FailureResultOf<T>(Deferred<T> d)
    {
        bool fired = false;
        Exception? failure = null;
        d.AddBoth((_, e) =>
        {
            fired = true;
            failure = e;
            return default!;
        });
        Assert.True(fired, $"{d} has no result yet");
        Assert.True(failure is not null, "expected a failure, got a result");
        return failure!;
    }

    /// <summary>Asserts the Deferred has not fired (or is waiting), leaving it as it was.</summary>
    public static void AssertNoResult<T>(Deferred<T> d)
    {
        var (fired, value, error) = Observe(d);
        Assert.False(fired, $"expected no result, got {(error is null ? value : error)}");
    }

    private static (bool Fired, T? Value, Exception? Error) Observe<T>(Deferred<T> d)
    {
        (bool, T?, Exception?) seen = default;
        d.AddBoth((v, e) =>
        {
            seen = (true, v, e);
            if (e is not null) ExceptionDispatchInfo.Throw(e);
            return v!;
        });
        return seen;
    }
}
