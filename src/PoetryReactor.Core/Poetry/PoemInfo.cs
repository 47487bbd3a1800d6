using System.Text;

namespace PoetryReactor.Core.Poetry;

/// <summary>A poem file in a catalog folder.</summary>
/// <param name="Name">The file name without <c>.txt</c>.</param>
/// <param name="Title">The first line of the file, trimmed.</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="Path">The file's full path.</param>
public sealed record PoemInfo(string Name, string Title, long Bytes, string Path);
