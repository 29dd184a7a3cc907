-- PDF only: text from the data is set as written.
--
-- Typst markup reads "..." as an ellipsis, "-1" as a minus sign and "-?" as a soft hyphen,
-- which pandoc's Typst writer leaves unescaped: a word holding one of them goes to Typst with
-- every ASCII punctuation character backslash-escaped (Typst then prints it literally).
--
-- Typst never breaks a word that offers no break opportunity, so a long unbroken
-- token (an id, a run of letters, a pasted hash in a title or quote) ran out of its table cell
-- and was cut off. In a token of at least LONG characters without a break (a space, or CJK,
-- where Typst breaks anyway), a zero-width space goes after every STEP characters. Shorter
-- words are left alone, so copying normal text from the PDF gives it unchanged; link text is
-- skipped (Typst breaks a URL by itself). The HTML is not touched: browsers wrap long words
-- with CSS (overflow-wrap).
local LONG, STEP = 40, 20
local ZWSP = utf8.char(0x200B)

local function breaks_anyway(c)
  return (c >= 0x2E80 and c <= 0x9FFF) or (c >= 0xAC00 and c <= 0xD7AF)
      or (c >= 0xF900 and c <= 0xFAFF) or (c >= 0xFF00 and c <= 0xFFEF)
      or c == 0x200B
end

local function longest_run(text)
  local run, best = 0, 0
  for _, c in utf8.codes(text) do
    run = breaks_anyway(c) and 0 or run + 1
    if run > best then best = run end
  end
  return best
end

local function breakable(text)
  if not utf8.len(text) or utf8.len(text) < LONG or longest_run(text) < LONG then
    return text
  end
  local out, run = {}, 0
  for _, c in utf8.codes(text) do
    if run == STEP then
      out[#out + 1] = ZWSP
      run = 0
    end
    out[#out + 1] = utf8.char(c)
    run = breaks_anyway(c) and 0 or run + 1
  end
  return table.concat(out)
end

local function shorthand(text)
  return text:find("%.%.%.") or text:find("%-[%d?]")
end

local function literal(el)
  local text = breakable(el.text)
  if shorthand(text) then
    return pandoc.RawInline("typst", (text:gsub("%p", "\\%0")))
  end
  if text ~= el.text then
    el.text = text
    return el
  end
  return nil
end

return {
  {
    traverse = "topdown",
    Link = function(el) return el, false end,
    Str = literal,
  },
}
