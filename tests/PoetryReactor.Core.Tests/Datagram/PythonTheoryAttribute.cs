using PoetryReactor.Core.Tests.Poetry;

namespace PoetryReactor.Core.Tests.Datagram;

/// <summary>A theory that runs only where /usr/bin/python3 exists (it skips, saying so, elsewhere).</summary>
public sealed class PythonTheoryAttribute : TheoryAttribute
{
    public PythonTheoryAttribute()
    {
        if (!File.Exists(PythonFactAttribute.Python)) Skip = $"{PythonFactAttribute.Python} is not installed";
    }
}
