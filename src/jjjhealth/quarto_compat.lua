-- The Quarto features the pandoc renderer emulates (report/README.md lists them):
-- 1. content-visible / content-hidden divs with when-format="html" or "typst"/"pdf";
-- 2. cross-references (below).
-- Quarto-style cross-references for the pandoc renderer (Quarto does this itself).
-- Divs with ids #fig-… and #tbl-… become numbered figures/tables; @fig-… and @tbl-…
-- become links "Figure N" / "Table N". Typst numbers its own figures, so captions are
-- only prefixed for HTML; the numbering order is the same in both.
local kinds = { fig = "Figure", tbl = "Table" }
local numbers = {}
local counters = { fig = 0, tbl = 0 }

local function prefix_of(id)
  return id and id:match("^(%a+)%-") or nil
end

local function caption_blocks(div)
  -- Last paragraph of the div is the caption (Quarto's figure/table div convention).
  local content = div.content
  local last = content[#content]
  if last and last.t == "Para" then
    local body = pandoc.List()
    for i = 1, #content - 1 do body:insert(content[i]) end
    return body, last.content
  end
  return content, pandoc.Inlines({})
end

local function number_div(div)
  local kind = prefix_of(div.identifier)
  if not kinds[kind] then return nil end
  counters[kind] = counters[kind] + 1
  local n = counters[kind]
  numbers[div.identifier] = kinds[kind] .. " " .. n
  local body, caption = caption_blocks(div)
  local label = pandoc.Inlines({})
  if not FORMAT:match("typst") then
    label = pandoc.Inlines({ pandoc.Strong(kinds[kind] .. " " .. n .. ":"), pandoc.Space() })
  end
  local cap = pandoc.Inlines(label) .. caption
  if kind == "tbl" then
    -- Table caption goes above the table.
    for i, b in ipairs(body) do
      if b.t == "Table" then
        b.caption = { long = { pandoc.Plain(cap) } }
        b.identifier = div.identifier
        if FORMAT:match("typst") then return body end
        return pandoc.Div(body, pandoc.Attr(div.identifier, { "table-figure" }))
      end
    end
  end
  local fig = pandoc.Figure(body, { long = { pandoc.Plain(cap) } },
                            pandoc.Attr(div.identifier, div.classes, div.attributes))
  return fig
end

local function resolve(cite)
  local id = cite.citations[1].id
  local text = numbers[id]
  if not text then
    if kinds[prefix_of(id)] then
      io.stderr:write("crossref: unresolved reference @" .. id .. "\n")
      error("unresolved cross-reference @" .. id)
    end
    return nil
  end
  return pandoc.Link(text, "#" .. id)
end

local function target_matches(fmt)
  if fmt == "html" then return FORMAT:match("html") ~= nil end
  if fmt == "pdf" or fmt == "typst" then return FORMAT:match("typst") ~= nil end
  return FORMAT == fmt
end

local function visibility(div)
  local when = div.attributes["when-format"]
  if not when then return nil end
  if div.classes:includes("content-visible") then
    return target_matches(when) and div.content or {}
  elseif div.classes:includes("content-hidden") then
    return target_matches(when) and {} or div.content
  end
end

return {
  { Div = visibility },
  { Div = number_div },
  { Cite = resolve },
}
