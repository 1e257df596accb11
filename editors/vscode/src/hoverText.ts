// The type shown by "nixty: Show Type at Cursor", taken from the server's hover.

/** The first fenced code block of a hover (where nixty puts the type), else its text. */
export function typeFromHover(hover: unknown): string | undefined {
  const text = hoverText(hover);
  if (text === undefined || text.trim() === "") {
    return undefined;
  }
  const fenced = /```[a-z]*\n([\s\S]*?)\n```/.exec(text);
  return (fenced ? fenced[1] : text).trim();
}

function hoverText(hover: unknown): string | undefined {
  if (hover === null || typeof hover !== "object") {
    return undefined;
  }
  const contents = (hover as { contents?: unknown }).contents;
  return contentText(contents);
}

function contentText(contents: unknown): string | undefined {
  if (typeof contents === "string") {
    return contents;
  }
  if (Array.isArray(contents)) {
    return contents.map(contentText).filter((t) => t !== undefined).join("\n\n");
  }
  if (contents !== null && typeof contents === "object") {
    const value = (contents as { value?: unknown; language?: unknown }).value;
    if (typeof value !== "string") {
      return undefined;
    }
    const language = (contents as { language?: unknown }).language;
    return typeof language === "string" ? "```" + language + "\n" + value + "\n```" : value;
  }
  return undefined;
}
