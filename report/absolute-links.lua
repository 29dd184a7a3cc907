-- PDF only: a link to a file published beside the report (figures/, data/, notebooks/) is made
-- absolute with publication.report-url (src/jjjhealth/catalog/publication.yml), so it still works in a
-- PDF that was e-mailed. Without a report URL the links stay relative (the report says so).
local base = ""

local function absolute(link)
  local t = link.target
  if base == "" or t:match("^#") or t:match("^%a[%w+.-]*:") then return nil end
  link.target = base .. t
  return link
end

return {
  { Meta = function(meta)
      local pub = meta.publication
      if pub and pub["report-url"] then base = pandoc.utils.stringify(pub["report-url"]) end
    end },
  { Link = absolute },
}
