using System.Management.Automation;

namespace PoetryReactor.Cmdlets;

/// <summary>
/// Makes <c>-Address $servers.Address</c> work. On an array, PowerShell's member access finds the
/// array's own <c>Address(int)</c> method before the elements' Address property, and binds a method
/// object. Here that method is recognised and each element's Address taken instead (the method itself
/// hands out the elements); any other value passes through as it is.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AddressTransformationAttribute : ArgumentTransformationAttribute
{
    // An array this long has been walked past any real use; the bound keeps a wrong guess from running on.
    private const int MaxElements = 1_000_000;

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = Unwrap(inputData);
        // -Address $servers.Address, 'host:port': the method may sit in a list of its own.
        if (value is object?[] list && list.Any(x => Unwrap(x) is PSMethodInfo))
            return list.SelectMany(x => Unwrap(x) is PSMethodInfo ? (object?[])Expand(Unwrap(x))! : [x]).ToArray();
        return value is PSMethodInfo ? Expand(value) : inputData;
    }

    private static object? Unwrap(object? value) => value is PSObject { BaseObject: PSMethodInfo method } ? method : value;

    private static object? Expand(object? value)
    {
        if (value is not PSMethodInfo { Name: "Address" } method)
            throw new ArgumentTransformationMetadataException(
                $"-Address was given a method ({(value as PSMethodInfo)?.Name}), not addresses. Pass addresses, or pipe the objects that have them.");
        var addresses = new List<object?>();
        for (var i = 0; i < MaxElements; i++)
        {
            object? element;
            try
            {
                // The engine hands out the element itself (it dereferences the method's ref return).
                var result = method.Invoke(i);
                element = result is PSReference reference ? reference.Value : result;
            }
            catch (MethodInvocationException e) when (e.InnerException is IndexOutOfRangeException)
            {
                return addresses.ToArray();
            }
            catch (MethodException e)
            {
                throw new ArgumentTransformationMetadataException(
                    "-Address was given a method, not addresses. Pipe the objects instead ($servers | Get-Poetry) or write ($servers | ForEach-Object Address).", e);
            }
            var address = element is null ? null : PSObject.AsPSObject(element).Properties["Address"]?.Value;
            if (address is null)
                throw new ArgumentTransformationMetadataException(
                    $"-Address was given the array's own Address method, and element {i} ({element?.GetType().Name ?? "null"}) has no Address property. Pass addresses, or objects that have one.");
            addresses.Add(address is PSObject p ? p.BaseObject : address);
        }
        return addresses.ToArray();
    }
}
