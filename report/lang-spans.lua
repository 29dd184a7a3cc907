-- English edition: every run of Chinese characters becomes <span lang="zh-Hans"> (HTML) so
-- screen readers switch voice and browsers choose Simplified Chinese glyphs. The Chinese
-- edition (lang zh-Hans) needs nothing: its document language is already Chinese.
-- A hand-written filter because neither Quarto nor pandoc marks the language of runs.
local function is_cjk(cp)
  return (cp >= 0x3000 and cp <= 0x303F)   -- CJK punctuation (、。「」)
      or (cp >= 0x3400 and cp <= 0x4DBF)   -- Extension A
      or (cp >= 0x4E00 and cp <= 0x9FFF)   -- CJK Unified Ideographs
      or (cp >= 0xF900 and cp <= 0xFAFF)   -- compatibility ideographs
      or (cp >= 0xFF00 and cp <= 0xFFEF)   -- full-width forms (，：（）)
      or (cp >= 0x20000 and cp <= 0x2FA1F)
end

local function split(text)
  local runs, current, current_cjk = {}, {}, nil
  for _, cp in utf8.codes(text) do
    local c = is_cjk(cp)
    if current_cjk ~= nil and c ~= current_cjk then
      table.insert(runs, { cjk = current_cjk, text = table.concat(current) })
      current = {}
    end
    current_cjk = c
    table.insert(current, utf8.char(cp))
  end
  if #current > 0 then table.insert(runs, { cjk = current_cjk, text = table.concat(current) }) end
  return runs
end

local lang = "en"

return {
  { Meta = function(meta) if meta.lang then lang = pandoc.utils.stringify(meta.lang) end end },
  { Str = function(el)
      if lang:match("^zh") or not utf8.len(el.text) then return nil end
      local runs = split(el.text)
      if #runs == 1 and not runs[1].cjk then return nil end
      local out = pandoc.List()
      for _, r in ipairs(runs) do
        if r.cjk then
          out:insert(pandoc.Span(pandoc.Str(r.text), { lang = "zh-Hans" }))
        else
          out:insert(pandoc.Str(r.text))
        end
      end
      return out
    end },
}
